package dev.finops.pricing;

import dev.finops.testing.IngestStub;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The shared API-key authentication (finops-http) as a caller of this service sees it, with
 * ingest-service, which owns the keys, stubbed at its introspection endpoint.
 */
@QuarkusTest
@WithTestResource(IngestStub.class)
class ApiKeyAuthTest {

    private static final String WHOAMI = "/api/v1/auth/whoami";

    @IngestStub.Server
    WireMockServer ingest;

    @Test
    void withoutAKeyTheCallerIsToldToSendOne() {
        unauthorized(given().get(WHOAMI).then())
                .body("detail", containsString("Authorization: Bearer"));
    }

    @Test
    void aHeaderThatIsNotBearerIsRefused() {
        unauthorized(given().header("Authorization", "Basic eDp5").get(WHOAMI).then());
        unauthorized(given().header("Authorization", "Bearer ").get(WHOAMI).then());
    }

    @Test
    void anActiveKeyIdentifiesItsRoleAndTeam() {
        String key = newKey();
        IngestStub.active(ingest, key, "reader", "t1");

        whoami(key).statusCode(200)
                .body("keyId", equalTo("id-" + key))
                .body("name", equalTo("name-" + key))
                .body("role", equalTo("reader"))
                .body("teamId", equalTo("t1"));
    }

    @Test
    void aKeyWithoutTeamHasNoTeam() {
        String key = newKey();
        IngestStub.active(ingest, key, "admin", null);

        whoami(key).statusCode(200).body("role", equalTo("admin")).body("teamId", nullValue());
    }

    @Test
    void ingestIsAskedWithThisServicesOwnKeyNeverTheCallers() {
        String key = newKey();
        IngestStub.active(ingest, key, "reader", "t1");

        whoami(key).statusCode(200);

        ingest.verify(1, IngestStub.introspectionsOf(key)
                .withHeader("Authorization", WireMock.equalTo("Bearer " + IngestStub.SERVICE_KEY)));
        ingest.verify(0, IngestStub.introspectionsOf(key)
                .withHeader("Authorization", WireMock.containing(key)));
    }

    @Test
    void anInactiveKeyIsRefused() {
        String key = newKey();
        IngestStub.inactive(ingest, key);

        unauthorized(whoami(key)).body("detail", containsString("unknown or revoked"));
    }

    @Test
    void aRevokedKeyStopsWorkingWithinTheCacheTtl() throws InterruptedException {
        String key = newKey();
        IngestStub.active(ingest, key, "reader", "t1");
        whoami(key).statusCode(200);

        IngestStub.inactive(ingest, key);
        long revokedAt = System.nanoTime();
        whoami(key).statusCode(200); // still trusted from the cache

        Duration bound = IngestStub.CACHE_TTL.plusSeconds(1);
        int status = 200;
        while (status == 200 && System.nanoTime() - revokedAt < bound.toNanos()) {
            Thread.sleep(50);
            status = whoami(key).extract().statusCode();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - revokedAt);
        assertEquals(401, status, "revoked key still accepted after " + took.toMillis() + " ms");
        assertTrue(took.compareTo(bound) <= 0, "revocation took " + took.toMillis() + " ms, more than " + bound);
    }

    @Test
    void verifiedKeysAreCachedSoIngestIsAskedOnce() {
        String key = newKey();
        IngestStub.active(ingest, key, "reader", "t1");

        for (int i = 0; i < 5; i++) {
            whoami(key).statusCode(200);
        }

        assertEquals(1, ingest.countRequestsMatching(IngestStub.introspectionsOf(key).build()).getCount());
    }

    @Test
    void unknownKeysAreCachedTooSoABadClientCannotFloodIngest() {
        String key = newKey();
        IngestStub.inactive(ingest, key);

        for (int i = 0; i < 5; i++) {
            whoami(key).statusCode(401);
        }

        assertEquals(1, ingest.countRequestsMatching(IngestStub.introspectionsOf(key).build()).getCount());
    }

    @Test
    void whenIngestIsUnreachableTheCallerIsToldToRetry() {
        String key = newKey();
        IngestStub.unreachable(ingest, key);

        whoami(key).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("status", equalTo(503))
                .body("detail", containsString("retry"));
    }

    @Test
    void aServiceKeyThatIngestRefusesIsReportedAsMisconfigurationNotRetried() {
        String key = newKey();
        IngestStub.refusesServiceKey(ingest, key);

        whoami(key).statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("FINOPS_SERVICE_KEY"));
        assertEquals(1, ingest.countRequestsMatching(IngestStub.introspectionsOf(key).build()).getCount());
    }

    @Test
    void whenIngestHangsTheCallerIsNotKeptWaiting() {
        String key = newKey();
        IngestStub.slow(ingest, key, Duration.ofSeconds(20));

        long start = System.nanoTime();
        whoami(key).statusCode(503).header("Retry-After", notNullValue());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // two attempts of at most 2 s each
        assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "waited " + took.toMillis() + " ms for a hanging ingest");
    }

    @Test
    void aSingleDroppedConnectionToIngestIsRetried() {
        String key = newKey();
        IngestStub.resetOnceThenActive(ingest, key, "reader", "t1");

        whoami(key).statusCode(200).body("role", equalTo("reader"));

        assertEquals(2, ingest.countRequestsMatching(IngestStub.introspectionsOf(key).build()).getCount());
    }

    @Test
    void aFailedCheckIsNotCachedSoTheKeyWorksOnceIngestIsBack() {
        String key = newKey();
        IngestStub.unreachable(ingest, key);
        whoami(key).statusCode(503);

        IngestStub.active(ingest, key, "reader", "t1");

        whoami(key).statusCode(200).body("role", equalTo("reader"));
    }

    @Test
    void aKeyVerifiedBeforeKeepsWorkingWhileIngestIsUnreachable() throws InterruptedException {
        String key = newKey();
        IngestStub.active(ingest, key, "reader", "t1");
        whoami(key).statusCode(200);
        IngestStub.unreachable(ingest, key);
        Thread.sleep(IngestStub.CACHE_TTL.toMillis() + 500);

        whoami(key).statusCode(200).body("role", equalTo("reader"));

        assertTrue(ingest.countRequestsMatching(IngestStub.introspectionsOf(key).build()).getCount() > 1,
                "ingest was asked again after the cache TTL");
    }

    @Test
    void anUnknownPathWithAValidKeyIsAProblem404() {
        String key = newKey();
        IngestStub.active(ingest, key, "reader", "t1");

        given().auth().oauth2(key).get("/api/v1/no-such-thing-" + key).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", notNullValue());
    }

    private static String newKey() {
        return "k-" + UUID.randomUUID();
    }

    private static ValidatableResponse whoami(String key) {
        return given().auth().oauth2(key).get(WHOAMI).then();
    }

    private static ValidatableResponse unauthorized(ValidatableResponse response) {
        return response.statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401))
                .body("detail", notNullValue());
    }
}

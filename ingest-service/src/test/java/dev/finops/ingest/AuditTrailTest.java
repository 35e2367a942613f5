package dev.finops.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.finops.ingest.Api.as;
import static dev.finops.ingest.Api.unique;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The trail cannot be altered, and GET /api/v1/audit merges the other services' trails (stubbed here). */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class AuditTrailTest {

    @Inject
    Pool pool;

    private final List<StubMapping> stubs = new ArrayList<>();

    @AfterEach
    void removeTrailStubs() {
        stubs.forEach(PricingStub.server()::removeStub);
    }

    @Test
    void theTrailRefusesUpdateDeleteAndTruncateThroughTheServicesOwnPool() {
        String id = as(Api.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"role\":\"reader\",\"scope\":\"org\"}").post("/api/v1/keys").then()
                .statusCode(201).extract().path("id");
        for (String sql : List.of("UPDATE audit_entries SET actor = 'someone else' WHERE target = $1",
                "DELETE FROM audit_entries WHERE target = $1")) {
            Exception e = assertThrows(Exception.class,
                    () -> pool.preparedQuery(sql).execute(Tuple.of(id)).await().indefinitely());
            assertTrue(e.getMessage().contains("append-only"), e.getMessage());
        }
        Exception e = assertThrows(Exception.class,
                () -> pool.query("TRUNCATE audit_entries").execute().await().indefinitely());
        assertTrue(e.getMessage().contains("append-only"), e.getMessage());
        var row = pool.preparedQuery("SELECT actor, count(*) OVER () FROM audit_entries WHERE target = $1")
                .execute(Tuple.of(id)).await().indefinitely().iterator().next();
        assertEquals("key:bootstrap-admin", row.getString(0));
        assertEquals(1L, row.getLong(1));
    }

    @Test
    void theMergedViewHoldsEveryServicesEntriesNewestFirstAndNamesTheOnesThatDidNotAnswer() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String team = unique("team");
        String budgetChange = entry("budget-service", now.plusSeconds(30), "budget", "b-" + team, team,
                "{\"amountUsd\":100}", "{\"amountUsd\":250}");
        String rateChange = entry("pricing-service", now.plusSeconds(20), "rate", "gpt-4o", null,
                "{\"inputRatePerKTokens\":0.0025}", "{\"inputRatePerKTokens\":0.002}");
        trail("budget", aResponse().withHeader("Content-Type", "application/json").withBody("[" + budgetChange + "]"));
        trail("pricing", aResponse().withHeader("Content-Type", "application/json").withBody("[" + rateChange + "]"));
        trail("anomaly", aResponse().withStatus(503));
        trail("cache", aResponse().withHeader("Content-Type", "application/json").withBody("[]")
                .withFixedDelay(3000));
        // gateway: no stub, WireMock answers 404 as an old gateway without a trail would

        String keyId = as(Api.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"m\",\"role\":\"reader\",\"teamId\":\"" + team + "\"}").post("/api/v1/keys").then()
                .statusCode(201).extract().path("id");
        String since = now.minusSeconds(5).toString();
        JsonPath merged = as(Api.ADMIN_KEY).queryParam("since", since).queryParam("limit", 50).get("/api/v1/audit")
                .then().statusCode(200).header(dev.finops.ingest.client.ServiceTrails.MISSING_HEADER,
                        "anomaly,cache,gateway")
                .body("service", hasItems("budget-service", "pricing-service", "ingest-service"))
                .body("find { it.service == 'budget-service' }.before.amountUsd", Matchers.equalTo(100))
                .body("find { it.service == 'budget-service' }.after.amountUsd", Matchers.equalTo(250))
                .body("find { it.service == 'pricing-service' }.teamId", nullValue())
                .body("find { it.target == '" + keyId + "' }.service", Matchers.equalTo("ingest-service"))
                .extract().jsonPath();
        assertEquals(List.of("budget-service", "pricing-service"), merged.getList("service").subList(0, 2),
                "newest first: the stubbed entries are dated ahead of ingest's own");
        for (String service : List.of("budget", "pricing", "anomaly", "cache", "gateway")) {
            PricingStub.server().verify(getRequestedFor(urlPathEqualTo("/" + service + "/api/v1/audit"))
                    .withHeader("Authorization", equalTo("Bearer " + Api.ADMIN_KEY))
                    .withQueryParam("since", equalTo(since)).withQueryParam("limit", equalTo("50")));
        }

        trail("anomaly", aResponse().withHeader("Content-Type", "application/json").withBody("[]"));
        trail("cache", aResponse().withHeader("Content-Type", "application/json").withBody("[]"));
        trail("gateway", aResponse().withHeader("Content-Type", "application/json").withBody("[]"));
        as(Api.ADMIN_KEY).queryParam("since", since).get("/api/v1/audit").then().statusCode(200)
                .header(dev.finops.ingest.client.ServiceTrails.MISSING_HEADER, nullValue());
    }

    @Test
    void aTeamAdminsMergedViewIsAskedWithItsOwnKeyAndHoldsItsTeamsOwnEntries() {
        String team = unique("team");
        String lead = Api.key("team-admin", team);
        String issued = as(lead).contentType(ContentType.JSON).body("{\"name\":\"r\",\"role\":\"reader\"}")
                .post("/api/v1/keys").then().statusCode(201).extract().path("id");
        as(Api.key("reader", unique("team"))).get("/api/v1/keys").then().statusCode(403);
        as(lead).queryParam("kind", "key").get("/api/v1/audit").then().statusCode(200)
                .body("teamId", Matchers.everyItem(Matchers.equalTo(team))).body("target", hasItems(issued))
                .body("service", not(Matchers.hasItem("budget-service")));
        PricingStub.server().verify(getRequestedFor(urlPathEqualTo("/budget/api/v1/audit"))
                .withHeader("Authorization", equalTo("Bearer " + lead)).withQueryParam("kind", equalTo("key")));
    }

    private void trail(String service, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        stubs.add(PricingStub.server().stubFor(get(urlPathEqualTo("/" + service + "/api/v1/audit"))
                .willReturn(answer)));
    }

    private static String entry(String service, Instant at, String kind, String target, String team, String before,
                                String after) {
        return String.format("{\"id\":7,\"service\":\"%s\",\"at\":\"%s\",\"actor\":\"key:ops\",\"actorKeyId\":\"k1\","
                        + "\"teamId\":%s,\"kind\":\"%s\",\"action\":\"update\",\"target\":\"%s\",\"before\":%s,"
                        + "\"after\":%s}", service, at, team == null ? "null" : "\"" + team + "\"", kind, target,
                before, after);
    }
}

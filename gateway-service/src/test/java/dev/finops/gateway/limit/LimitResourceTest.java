package dev.finops.gateway.limit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.finops.gateway.GatewayTestBase;
import dev.finops.gateway.SuiteStub;
import dev.finops.gateway.limit.app.LimitSubject;
import dev.finops.gateway.limit.app.RateLimiter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The admin API of rate limits: changes take effect at once, bad input is a 400 naming the field. */
@QuarkusTest
@WithTestResource(SuiteStub.class)
class LimitResourceTest extends GatewayTestBase {

    private static final String LIMITS = "/api/v1/gateway/limits";

    @Inject
    RateLimiter limiter;

    @Test
    void aLimitPutThroughTheApiTakesEffectIsShownAndGoesAway() {
        String team = unique("team");
        LimitSubject caller = new LimitSubject(unique("key"), team, null);
        put("team", team, "{\"requestsPerMinute\":1,\"tokensPerMinute\":null}").statusCode(200)
                .body("scope", equalTo("team")).body("id", equalTo(team)).body("requestsPerMinute", equalTo(1))
                .body("tokensPerMinute", nullValue()).body("source", equalTo("api"))
                .body("updatedAt", notNullValue());
        assertTrue(acquire(caller), "the first call of the minute");
        assertFalse(acquire(caller), "1 request per minute");

        put("team", team, "{\"requestsPerMinute\":3}").statusCode(200).body("requestsPerMinute", equalTo(3));
        assertTrue(acquire(caller), "raised to 3: the second call");
        assertTrue(acquire(caller), "the third");
        assertFalse(acquire(caller), "3 requests per minute");

        as(admin).get(LIMITS + "/team/" + team).then().statusCode(200).body("requestsPerMinute", equalTo(3));
        as(admin).get(LIMITS).then().statusCode(200).body("id", hasItem(team));

        as(admin).delete(LIMITS + "/team/" + team).then().statusCode(204);
        assertTrue(limiter.acquire(caller, 0).await().atMost(Duration.ofSeconds(10)).headers().isEmpty(),
                "unlimited again");
        as(admin).get(LIMITS + "/team/" + team).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        as(admin).delete(LIMITS + "/team/" + team).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void keyLimitsAreSetByTheKeysId() {
        String keyId = unique("key-id");
        put("key", keyId, "{\"tokensPerMinute\":50}").statusCode(200).body("scope", equalTo("key"));
        assertFalse(limiter.acquire(new LimitSubject(keyId, null, null), 51).await().atMost(Duration.ofSeconds(10))
                .allowed());
    }

    @Test
    void badInputIsA400NamingTheField() {
        String id = unique("agent");
        badField(put("org", id, "{\"requestsPerMinute\":1}"), "scope");
        badField(put("agent", id, "{}"), "requestsPerMinute");
        badField(put("agent", id, "{\"requestsPerMinute\":null,\"tokensPerMinute\":null}"), "requestsPerMinute");
        badField(put("agent", id, "{\"requestsPerMinute\":0}"), "requestsPerMinute");
        badField(put("agent", id, "{\"tokensPerMinute\":-5}"), "tokensPerMinute");
        badField(put("agent", id, "{\"requestsPerMinute\":\"ten\"}"), "requestsPerMinute");
        badField(put("agent", id, "{\"requestsPerMinute\":1.5}"), "requestsPerMinute");
        badField(put("agent", id, "{\"requestPerMinute\":10}"), "requestPerMinute");
        badField(put("agent", "x".repeat(257), "{\"requestsPerMinute\":1}"), "id");
        badField(put("agent", id, "[1]"), "body");
        as(admin).contentType(ContentType.JSON).body("{\"requestsPerMinute\":").put(LIMITS + "/agent/" + id).then()
                .statusCode(400).contentType("application/problem+json");
        as(admin).contentType(ContentType.TEXT).body("requestsPerMinute=1").put(LIMITS + "/agent/" + id).then()
                .statusCode(415);
        badField(as(admin).get(LIMITS + "/org/" + id).then(), "scope");
        as(admin).get(LIMITS + "/agent/" + id).then().statusCode(404);  // nothing was stored
    }

    @Test
    void onlyAdminsManageLimits() {
        String reader = unique("reader");
        dev.finops.testing.IngestStub.active(ingest, reader, "reader", null);
        given().get(LIMITS).then().statusCode(401);
        as(reader).get(LIMITS).then().statusCode(403);
        as(reader).contentType(ContentType.JSON).body("{\"requestsPerMinute\":1}").put(LIMITS + "/team/t").then()
                .statusCode(403);
    }

    private io.restassured.specification.RequestSpecification as(String key) {
        return given().auth().oauth2(key);
    }

    private ValidatableResponse put(String scope, String id, String body) {
        return as(admin).contentType(ContentType.JSON).body(body).put(LIMITS + "/" + scope + "/" + id).then();
    }

    private static void badField(ValidatableResponse response, String field) {
        response.statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    private boolean acquire(LimitSubject caller) {
        return limiter.acquire(caller, 0).await().atMost(Duration.ofSeconds(10)).allowed();
    }
}

package dev.finops.ingest;

import static io.restassured.RestAssured.given;

import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import io.restassured.config.JsonConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Small helpers the ingest tests share: keys, unique ids, events. */
final class Api {

    static final String ADMIN_KEY = "test-admin-key-0123456789";
    static final String SERVICE_KEY = "test-budget-service-key-0123";

    /** Money is compared exactly: JSON decimals are read as BigDecimal, never float. */
    private static final RestAssuredConfig EXACT = RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    private Api() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** Issues a new key with the admin key; answers the secret. No team: org scope (admin and service keys have none). */
    static String key(String role, String teamId) {
        String body = teamId != null
                ? String.format("{\"name\":\"%s\",\"role\":\"%s\",\"teamId\":\"%s\"}", unique("k"), role, teamId)
                : role.equals("reader") || role.equals("team-admin")
                ? String.format("{\"name\":\"%s\",\"role\":\"%s\",\"scope\":\"org\"}", unique("k"), role)
                : String.format("{\"name\":\"%s\",\"role\":\"%s\"}", unique("k"), role);
        return as(ADMIN_KEY).contentType(ContentType.JSON).body(body)
                .post("/api/v1/keys").then().statusCode(201).extract().path("key");
    }

    /** A request authenticated with the given key. */
    static RequestSpecification as(String key) {
        return given().config(EXACT).auth().oauth2(key);
    }

    static ValidatableResponse post(String key, String json) {
        return as(key).contentType(ContentType.JSON).body(json).post("/api/v1/usage").then();
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** A canonical event with the given id and tokens at the current time. */
    static String event(String eventId, String model, long input, long output) {
        return String.format("{\"eventId\":\"%s\",\"timestamp\":\"%s\",\"model\":\"%s\",\"provider\":\"openai\","
                + "\"inputTokens\":%d,\"outputTokens\":%d,\"agentId\":\"agent-1\"}", eventId, now(), model, input, output);
    }

    static void refreshRates() {
        as(ADMIN_KEY).post("/api/v1/usage/rate-table/refresh").then().statusCode(200);
    }
}

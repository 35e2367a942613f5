package dev.finops.budget;

import static io.restassured.RestAssured.given;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Helpers the budget tests share: keys known to the ingest stub, unique names, budgets. */
final class Api {

    /** Money is compared exactly: JSON decimals are read as BigDecimal, never float. */
    private static final RestAssuredConfig EXACT = RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    private Api() {
    }

    /** A JSON number equal in value to the decimal (JSON integers are read as Integer, fractions as BigDecimal). */
    static org.hamcrest.Matcher<Object> decimal(String expected) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof Number && new java.math.BigDecimal(item.toString())
                        .compareTo(new java.math.BigDecimal(expected)) == 0;
            }

            @Override
            public void describeTo(org.hamcrest.Description d) {
                d.appendText("a number equal to " + expected);
            }
        };
    }

    /** A JSON list of numbers equal in value to the decimals, in order. */
    @SuppressWarnings("unchecked")
    static org.hamcrest.Matcher<Iterable<?>> decimals(String... expected) {
        org.hamcrest.Matcher<? super Object>[] each = new org.hamcrest.Matcher[expected.length];
        for (int i = 0; i < expected.length; i++) {
            each[i] = decimal(expected[i]);
        }
        return (org.hamcrest.Matcher<Iterable<?>>) (org.hamcrest.Matcher<?>) org.hamcrest.Matchers.contains(each);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static String key(WireMockServer ingest, String role, String teamId) {
        String key = unique("key-" + role);
        IngestStub.activeKey(ingest, key, role, teamId);
        return key;
    }

    static RequestSpecification as(String key) {
        return given().config(EXACT).auth().oauth2(key).contentType(ContentType.JSON);
    }

    /** POST /api/v1/budgets/check with the key and JSON body. */
    static ValidatableResponse check(String key, String body) {
        return as(key).body(body).post("/api/v1/budgets/check").then();
    }

    static ValidatableResponse createBudget(String adminKey, String json) {
        return as(adminKey).body(json).post("/api/v1/budgets").then();
    }

    /** Creates a budget and answers its id. */
    static String budget(String adminKey, String json) {
        return createBudget(adminKey, json).statusCode(201).extract().path("id");
    }

    /** A team budget with a hard limit. */
    static String teamBudget(String adminKey, String team, String period, String zone, String amount, String hardLimit) {
        return budget(adminKey, String.format("{\"name\":\"%s\",\"scope\":{\"team\":\"%s\"},\"period\":\"%s\","
                        + "\"timezone\":\"%s\",\"amountUsd\":%s%s}", unique("b-" + team), team, period, zone, amount,
                hardLimit == null ? "" : ",\"hardLimitPercent\":" + hardLimit));
    }
}

package dev.finops.pricing;

import dev.finops.testing.IngestStub;
import static io.restassured.RestAssured.given;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Helpers the pricing tests share: keys of each role (stubbed at ingest), unique ids, rates. */
final class Api {

    /** Money is compared exactly: JSON decimals are read as BigDecimal, never float. */
    static final RestAssuredConfig EXACT = RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    private Api() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A new key of this role that the ingest stub reports as active. */
    static String key(WireMockServer ingest, String role) {
        String key = "k-" + role + "-" + UUID.randomUUID();
        IngestStub.active(ingest, key, role, "ingest".equals(role) ? "team-1" : null);
        return key;
    }

    static RequestSpecification as(String key) {
        return given().config(EXACT).auth().oauth2(key);
    }

    static ValidatableResponse putRate(String adminKey, String json) {
        return as(adminKey).contentType(ContentType.JSON).body(json).put("/api/v1/finops/valuation-rates").then();
    }

    /** A rate body: input and output rate, optional effectiveFrom (null = now). */
    static String rate(String model, String input, String output, String effectiveFrom) {
        return String.format("{\"modelId\":\"%s\",\"provider\":\"test\",\"inputRatePerKTokens\":%s,"
                + "\"outputRatePerKTokens\":%s%s}", model, input, output,
                effectiveFrom == null ? "" : ",\"effectiveFrom\":\"" + effectiveFrom + "\"");
    }

    static long putRateVersion(String adminKey, String model, String input, String output, String effectiveFrom) {
        return ((Number) putRate(adminKey, rate(model, input, output, effectiveFrom)).statusCode(200)
                .extract().path("version")).longValue();
    }

    /** The value of a Prometheus sample, or 0 when it is absent. */
    static double metric(String name, String... labels) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}

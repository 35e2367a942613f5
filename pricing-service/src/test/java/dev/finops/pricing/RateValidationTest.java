package dev.finops.pricing;

import dev.finops.testing.IngestStub;
import static dev.finops.pricing.Api.putRate;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad rate input is a 400 problem naming the field, never a 500 and never partly applied. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class RateValidationTest {

    @IngestStub.Server
    WireMockServer ingest;

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
        "inputRatePerKTokens":-0.001,"outputRatePerKTokens":0.002                         | inputRatePerKTokens
        "inputRatePerKTokens":0.001,"outputRatePerKTokens":-1                             | outputRatePerKTokens
        "inputRatePerKTokens":"abc","outputRatePerKTokens":0.002                          | inputRatePerKTokens
        "inputRatePerKTokens":0.001,"outputRatePerKTokens":true                           | outputRatePerKTokens
        "inputRatePerKTokens":0.001,"outputRatePerKTokens":0.002,"currency":"EUR"         | currency
        "inputRatePerKTokens":1000.5,"outputRatePerKTokens":0.002                         | inputRatePerKTokens
        "inputRatePerKTokens":0.001,"outputRatePerKTokens":0.002,"cachedInputRatePerKTokens":5000 | cachedInputRatePerKTokens
        "inputRatePerKTokens":0.001,"outputRatePerKTokens":0.002,"cacheWriteRatePerKTokens":-0.1 | cacheWriteRatePerKTokens
        "inputRatePerKTokens":0.001,"outputRatePerKTokens":0.002,"reasoningRatePerKTokens":"x" | reasoningRatePerKTokens
        "inputRatePerKTokens":0.001,"outputRatePerKTokens":0.002,"effectiveFrom":"yesterday" | effectiveFrom
        "outputRatePerKTokens":0.002                                                     | inputRatePerKTokens
        """)
    void aBadFieldIsNamed(String fields, String field) {
        String model = Api.unique("bad");
        putRate(Api.key(ingest, "admin"), "{\"modelId\":\"" + model + "\"," + fields + "}")
                .statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
        Api.as(Api.key(ingest, "reader")).get("/api/v1/finops/valuation-rates/" + model).then().statusCode(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        {"modelId":"","inputRatePerKTokens":0.001,"outputRatePerKTokens":0.002}      | modelId
        {"modelId":"  ","inputRatePerKTokens":0.001,"outputRatePerKTokens":0.002}    | modelId
        {"inputRatePerKTokens":0.001,"outputRatePerKTokens":0.002}                   | modelId
        {"modelId":"a b","inputRatePerKTokens":0.001,"outputRatePerKTokens":0.002}   | modelId
        """)
    void anEmptyOrMissingModelIdIsRefused(String body, String field) {
        putRate(Api.key(ingest, "admin"), body).statusCode(400).body("errors.field", hasItem(field));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        not json at all
        [1, 2]
        """)
    void aBodyThatIsNotARateIsA400(String body) {
        putRate(Api.key(ingest, "admin"), body).statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400));
    }
}

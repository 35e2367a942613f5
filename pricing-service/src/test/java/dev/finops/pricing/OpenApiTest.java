package dev.finops.pricing;

import dev.finops.testing.IngestStub;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The OpenAPI description documents every pricing endpoint. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class OpenApiTest {

    @Test
    void everyEndpointIsDescribed() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/finops/valuation-rates:"))
                .body(containsString("/api/v1/finops/valuation-rates/{modelId}/history"))
                .body(containsString("/api/v1/finops/valuation-rates:import"))
                .body(containsString("/api/v1/finops/model-aliases"))
                .body(containsString("/api/v1/finops/quote"))
                .body(containsString("/api/v1/routing/policies/{scope}/{scopeId}"))
                .body(containsString("/api/v1/routing/decide"));
    }
}

package dev.finops.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class OpenApiTest {

    @Test
    void documentsEveryEndpointWithoutAKey() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/usage:"))
                .body(containsString("/api/v1/usage/feed:"))
                .body(containsString("/api/v1/usage/revalue:"))
                .body(containsString("/api/v1/keys:"))
                .body(containsString("/api/v1/keys/{id}:"))
                .body(containsString("/api/v1/keys/introspect:"))
                .body(containsString("/api/v1/audit:"))
                .body(containsString("- team-admin"))
                .body(containsString("rejected whole"));
    }
}

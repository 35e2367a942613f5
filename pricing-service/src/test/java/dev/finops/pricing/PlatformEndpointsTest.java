package dev.finops.pricing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health, metrics and the API description are open to probes and scrapers: no key needed. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class PlatformEndpointsTest {

    @Test
    void readyIncludesTheDatabase() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.findAll { it.name.contains('connections health check') }.status", hasItem("UP"));
    }

    @Test
    void metricsAreScrapedWithoutAKey() {
        given().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiIsServedWithoutAKeyAndDescribesWhoami() {
        given().get("/q/openapi").then()
                .statusCode(200)
                .body(containsString("/api/v1/auth/whoami"));
    }
}

package dev.finops.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every service answers the same way: readiness including its database, metrics and OpenAPI
 * without a key, and its API only with one. A service's test extends it with
 * {@code @QuarkusTest @WithTestResource(IngestStub.class)}.
 */
public abstract class PlatformEndpointsContract {

    @IngestStub.Server
    protected WireMockServer ingest;

    @Test
    void readyIncludesTheDatabase() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.findAll { it.name.contains('connections health check') }.status", hasItem("UP"));
    }

    @Test
    void metricsAreScrapedWithoutAKey() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiIsServedWithoutAKey() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/auth/whoami"));
    }

    @Test
    void theApiNeedsAKey() {
        given().get("/api/v1/auth/whoami").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401));
    }

    @Test
    void anActiveAdminKeyIsRecognised() {
        String key = "k-" + UUID.randomUUID();
        IngestStub.activeAdmin(ingest, key);
        given().auth().oauth2(key).get("/api/v1/auth/whoami").then()
                .statusCode(200)
                .body("keyId", equalTo("id-" + key))
                .body("role", equalTo("admin"));
    }
}

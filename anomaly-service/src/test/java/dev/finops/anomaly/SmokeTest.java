package dev.finops.anomaly;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** anomaly-service starts against the real Postgres, is observable without a key and guards its API with one. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class SmokeTest {

    @IngestStub.Server
    WireMockServer ingest;

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

package dev.finops.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.testing.IngestStub;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ROI survives a restart: the packaged service (target/quarkus-app) is started as a process, serves hits and misses,
 * is stopped and started again, and roi-stats and the cached entry are what they were. ingest (keys) and pricing
 * (quotes) are WireMock stubs; Postgres is the project's (FINOPS_PG_* from ./finops test).
 */
class RoiPersistenceIT {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    /** The ingest stub, keeping its server so the test can register keys. */
    static class Ingest extends IngestStub {
        WireMockServer server;

        @Override
        protected void stubMore(WireMockServer ingest) {
            server = ingest;
        }
    }

    static final Ingest ingest = new Ingest();
    static final PricingStub pricing = new PricingStub();
    static final List<String> config = new ArrayList<>();

    @BeforeAll
    static void stubs() {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: run through Maven's verify phase (./finops test)");
        ingest.start().forEach((k, v) -> config.add("-D" + k + "=" + v));
        pricing.start().forEach((k, v) -> config.add("-D" + k + "=" + v));
    }

    @AfterAll
    static void stopStubs() {
        ingest.stop();
        pricing.stop();
    }

    @Test
    void roiStatsAndEntriesAreTheSameAfterARestart() throws Exception {
        String key = Api.key(ingest.server, "admin");
        String ns = Api.namespace();
        String prompt = "What is the refund window?";
        JsonPath before;
        Process first = start();
        try {
            call(key).body(Api.entry(ns, "gpt-4o-mini", prompt, "30 days")).post("/api/v1/cache/entries").then()
                    .statusCode(201);
            call(key).body(Api.query(ns, "gpt-4o-mini", prompt)).post("/api/v1/cache/lookup").then()
                    .body("match", equalTo("exact"));
            call(key).body(Api.query(ns, "gpt-4o-mini", "Who won the match yesterday?")).post("/api/v1/cache/lookup")
                    .then().body("hit", equalTo(false));
            before = roi(key, ns);
            assertEquals(1, before.getInt("hits"));
            assertEquals(1, before.getInt("misses"));
        } finally {
            stop(first);
        }

        Process second = start();
        try {
            JsonPath after = roi(key, ns);
            for (String field : List.of("cacheSavingsUsd", "embeddingCostUsd", "netRoiUsd", "hits", "misses",
                    "embeddingTokens", "hitRate", "since")) {
                assertEquals(before.getString(field), after.getString(field), field + " after the restart");
            }
            assertEquals(PricingStub.QUOTE_USD, after.getString("cacheSavingsUsd"));
            call(key).body(Api.query(ns, "gpt-4o-mini", prompt)).post("/api/v1/cache/lookup").then()
                    .body("match", equalTo("exact"));
            assertEquals(2, roi(key, ns).getInt("hits"));
        } finally {
            stop(second);
        }
    }

    /**
     * Statistics are counted in memory and written every interval (here: rarely) and at shutdown: lookups answered
     * just before a graceful stop are in roi-stats after the restart, though nothing read or flushed them before.
     */
    @Test
    void lookupsAnsweredBeforeAGracefulStopAreCountedAfterTheRestart() throws Exception {
        String key = Api.key(ingest.server, "admin");
        String ns = Api.namespace();
        String prompt = "How long is the warranty?";
        Process first = start("-Dfinops.cache.stats-flush-interval=1h");
        try {
            call(key).body(Api.entry(ns, "gpt-4o-mini", prompt, "two years")).post("/api/v1/cache/entries").then()
                    .statusCode(201);
            for (int i = 0; i < 3; i++) {
                call(key).body(Api.query(ns, "gpt-4o-mini", prompt)).post("/api/v1/cache/lookup").then()
                        .body("match", equalTo("exact"));
            }
            call(key).body(Api.query(ns, "gpt-4o-mini", "Is the shop open on Sundays?")).post("/api/v1/cache/lookup")
                    .then().body("hit", equalTo(false));
        } finally {
            stop(first);
        }

        Process second = start();
        try {
            JsonPath after = roi(key, ns);
            assertEquals(3, after.getInt("hits"));
            assertEquals(1, after.getInt("misses"));
            assertEquals(new BigDecimal(PricingStub.QUOTE_USD).multiply(BigDecimal.valueOf(3)).stripTrailingZeros(),
                    new BigDecimal(after.getString("cacheSavingsUsd")).stripTrailingZeros());
        } finally {
            stop(second);
        }
    }

    private int port;

    private io.restassured.specification.RequestSpecification call(String key) {
        return given().port(port).auth().oauth2(key).contentType(ContentType.JSON);
    }

    private JsonPath roi(String key, String ns) {
        String body = call(key).queryParam("namespace", ns).get("/api/v1/finops/roi-stats").then().statusCode(200)
                .extract().asString();
        return JsonPath.from(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    private Process start(String... options) throws IOException, InterruptedException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=" + port, "-Dfinops.cache.embedding.native-dir=target/native"));
        command.addAll(config);
        command.addAll(List.of(options));
        command.addAll(List.of("-jar", JAR.toString()));
        Path log = Path.of("target", "roi-persistence-it-" + port + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new AssertionError("cache-service exited with " + p.exitValue() + "; see " + log);
            }
            try {
                if (given().port(port).get("/q/health/ready").statusCode() == 200) {
                    return p;
                }
            } catch (Exception notListeningYet) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        stop(p);
        throw new AssertionError("cache-service not ready within 90 s; see " + log);
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: a graceful shutdown, as Kubernetes or ./finops down would do
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }
}

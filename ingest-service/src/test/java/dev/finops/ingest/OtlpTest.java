package dev.finops.ingest;

import static dev.finops.ingest.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** OpenTelemetry gen_ai spans, shaped as the OpenAI and Anthropic instrumentations emit them, become usage. */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class OtlpTest {

    @Inject
    Pool pool;

    @Test
    void genAiSpansBecomeUsageEventsIdempotentlyAndBadOnesAreReportedAsPartialSuccess() throws IOException {
        Api.refreshRates();
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        String body = fixture(team);

        as(key).contentType(ContentType.JSON).body(body).post("/v1/traces").then().statusCode(200)
                .body("partialSuccess.rejectedSpans", equalTo(1))
                .body("partialSuccess.errorMessage", containsString("cachedInputTokens"));

        Row openai = row(team, span("SPAN1", team));
        assertEquals(0, new BigDecimal("0.00472").compareTo(openai.getBigDecimal("cost_usd")));
        assertEquals(1024L, openai.getLong("cached_input_tokens"));
        assertEquals("gpt-4o-2024-08-06", openai.getString("model"));
        assertEquals("support-bot", openai.getString("agent_id"));
        assertEquals("conv-7", openai.getString("session_id"));
        assertEquals("5b8efff798038103d269b633813fc60c", openai.getString("run_id"));
        assertEquals("production", openai.getString("environment"));
        assertEquals(1250, openai.getInteger("latency_ms"));
        assertEquals("ok", openai.getString("status"));

        Row anthropic = row(team, span("SPAN3", team));
        assertEquals(0, new BigDecimal("0.01815").compareTo(anthropic.getBigDecimal("cost_usd")));
        assertEquals(2000L, anthropic.getLong("cache_write_input_tokens"));
        assertEquals("error", anthropic.getString("status"));
        assertEquals("code-review", anthropic.getString("feature"));
        assertEquals("coder", anthropic.getString("agent_id"));

        // An exporter that retries sends the same spans again: nothing is counted twice.
        as(key).contentType(ContentType.JSON).body(body).post("/v1/traces").then().statusCode(200);
        Long stored = pool.preparedQuery("SELECT count(*) FROM usage_events WHERE team_id = $1")
                .execute(Tuple.of(team)).await().indefinitely().iterator().next().getLong(0);
        assertEquals(2L, stored);
        String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
        assertEquals(true, metrics.contains("finops_otlp_spans_total{result=\"ignored\"}"));
    }

    @Test
    void anotherTeamsSpansAreRejected() throws IOException {
        String key = Api.key("ingest", Api.unique("team"));
        as(key).contentType(ContentType.JSON).body(fixture("someone-else")).post("/v1/traces").then().statusCode(200)
                .body("partialSuccess.rejectedSpans", equalTo(3));
        as(key).contentType(ContentType.JSON).body("{\"resourceSpans\":[]}").post("/v1/traces").then().statusCode(200)
                .body("partialSuccess", nullValue());
    }

    /** The fixture with this run's team, unique span ids, and timestamps moved to the last minutes. */
    private static String fixture(String team) throws IOException {
        try (InputStream in = OtlpTest.class.getResourceAsStream("/fixtures/otlp-genai-traces.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"TEAM\"", "\"" + team + "\"");
            for (int i = 1; i <= 4; i++) {
                json = json.replace("\"SPAN" + i + "\"", "\"" + span("SPAN" + i, team) + "\"");
            }
            long shift = Instant.now().minus(5, ChronoUnit.MINUTES).getEpochSecond() - 1544712660L;
            for (long t = 1544712659L; t <= 1544712667L; t++) {
                json = json.replace("\"" + t, "\"" + (t + shift));
            }
            return json;
        }
    }

    private static String span(String name, String team) {
        return Integer.toHexString((name + team).hashCode()) + name.toLowerCase();
    }

    private Row row(String team, String spanId) {
        return pool.preparedQuery("SELECT * FROM usage_events WHERE team_id = $1 AND event_id = $2")
                .execute(Tuple.of(team, spanId)).await().indefinitely().iterator().next();
    }
}

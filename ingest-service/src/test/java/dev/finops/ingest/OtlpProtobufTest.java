package dev.finops.ingest;

import static dev.finops.ingest.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.Status;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OTLP/HTTP with protobuf bodies, the SDKs' default protocol (http/protobuf), gzip-encoded or not. */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
@QuarkusTestResource(OtlpGrpcPort.class)
class OtlpProtobufTest {

    private static final String PROTOBUF = "application/x-protobuf";

    @Inject
    Pool pool;

    @Test
    void protobufSpansBecomeUsageWithAttributionFromTheResource() throws Exception {
        Api.refreshRates();
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        String noCacheCount = OtlpSpans.spanId();
        String withCacheCount = OtlpSpans.spanId();
        String fractional = OtlpSpans.spanId();
        OtlpSpans spans = OtlpSpans.resource(Map.of("service.name", "support-agent", "gen_ai.agent.name", "support-bot",
                        "finops.feature", "chat", "deployment.environment.name", "production"))
                .span(OtlpSpans.OPENAI_INSTRUMENTATION, noCacheCount, openai(1200, 300), false)
                .span(OtlpSpans.OPENAI_INSTRUMENTATION, withCacheCount, with(openai(1200, 300),
                        "gen_ai.usage.cache_read.input_tokens", 1024L), false)
                .span("@opentelemetry/instrumentation-http", OtlpSpans.spanId(), Map.of("http.request.method", "GET"),
                        false)
                .span("my-instrumentation", fractional, with(openai(1200, 300), "gen_ai.usage.input_tokens", 1.5),
                        true);

        ExportTraceServiceResponse answer = export(key, spans.bytes(), false);
        assertEquals(1, answer.getPartialSuccess().getRejectedSpans());
        assertTrue(answer.getPartialSuccess().getErrorMessage().contains(fractional + ": inputTokens"),
                answer.getPartialSuccess().getErrorMessage());

        // instrumentation-openai sends no cached tokens: flagged, and valued at the full input rate
        Row flagged = row(team, noCacheCount);
        assertTrue(flagged.getBoolean("cached_tokens_unknown"));
        assertEquals(0, new BigDecimal("0.006").compareTo(flagged.getBigDecimal("cost_usd")));
        assertEquals("support-bot", flagged.getString("agent_id"), "the agent from the resource attributes");
        assertEquals("chat", flagged.getString("feature"));
        assertEquals("production", flagged.getString("environment"));
        assertEquals("openai", flagged.getString("provider"), "gen_ai.system when gen_ai.provider.name is absent");
        assertEquals("5b8efff798038103d269b633813fc60c", flagged.getString("run_id"));
        assertEquals(800, flagged.getInteger("latency_ms"));
        // the same instrumentation with the cached count (a later version, or set by the user): exact, not flagged
        Row exact = row(team, withCacheCount);
        assertFalse(exact.getBoolean("cached_tokens_unknown"));
        assertEquals(1024L, exact.getLong("cached_input_tokens"));
        assertEquals(0, new BigDecimal("0.00472").compareTo(exact.getBigDecimal("cost_usd")));

        // an exporter retrying with gzip: acknowledged again, nothing counted twice
        ExportTraceServiceResponse again = export(key, OtlpSpans.gzip(spans.bytes()), true);
        assertEquals(1, again.getPartialSuccess().getRejectedSpans());
        assertEquals(2L, count(team));

        feedCarriesTheFlag(team, noCacheCount);
    }

    @Test
    void spansStoredWithUnknownCachedTokensAreNamedInAWarning() throws Exception {
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        OtlpSpans spans = OtlpSpans.resource(Map.of("gen_ai.agent.id", "bot"))
                .span(OtlpSpans.OPENAI_INSTRUMENTATION, OtlpSpans.spanId(), openai(100, 10), false);
        ExportTraceServiceResponse answer = export(key, OtlpSpans.gzip(spans.bytes()), true);
        assertEquals(0, answer.getPartialSuccess().getRejectedSpans(), "a warning rejects nothing");
        assertTrue(answer.getPartialSuccess().getErrorMessage().contains("cachedTokensUnknown"));
        assertEquals(1L, count(team));
    }

    @Test
    void aSpanIdStoredBeforeWithOtherContentIsRejectedAloneAndTheRestIsStored() throws Exception {
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        String reused = OtlpSpans.spanId();
        String fresh = OtlpSpans.spanId();
        export(key, OtlpSpans.resource(Map.of()).span("x", reused, openai(100, 10), false).bytes(), false);

        ExportTraceServiceResponse answer = export(key, OtlpSpans.resource(Map.of())
                .span("x", reused, openai(999, 10), false).span("x", fresh, openai(100, 10), false).bytes(), false);
        assertEquals(1, answer.getPartialSuccess().getRejectedSpans());
        assertTrue(answer.getPartialSuccess().getErrorMessage().contains(reused + ": this span id was already stored"));
        assertEquals(2L, count(team));
        assertEquals(100L, row(team, reused).getLong("input_tokens"), "the first content stays");
    }

    @Test
    void badBodiesAreRefusedWithTheProtocolsStatus() throws Exception {
        String key = Api.key("ingest", Api.unique("team"));

        Response malformed = as(key).contentType(PROTOBUF).body(new byte[] {0x0a, 0x05, 0x01}).post("/v1/traces");
        assertEquals(400, malformed.statusCode());
        assertEquals(PROTOBUF, malformed.contentType());
        assertTrue(Status.parseFrom(malformed.asByteArray()).getMessage().contains("not a valid protobuf"));

        Response notGzip = as(key).contentType(PROTOBUF).header("Content-Encoding", "gzip")
                .body(OtlpSpans.resource(Map.of()).bytes()).post("/v1/traces");
        assertEquals(400, notGzip.statusCode());
        assertTrue(Status.parseFrom(notGzip.asByteArray()).getMessage().contains("not valid gzip"));

        // 17 MiB of zeros compress to a few KiB: refused once decompression passes 16 MiB, never held whole
        Response bomb = as(key).contentType(PROTOBUF).header("Content-Encoding", "gzip")
                .body(OtlpSpans.gzip(new byte[17 * 1024 * 1024])).post("/v1/traces");
        assertEquals(413, bomb.statusCode());

        as(key).contentType(PROTOBUF).header("Content-Encoding", "br").body(new byte[] {1}).post("/v1/traces").then()
                .statusCode(415);
        as(key).contentType("text/plain").body("hello").post("/v1/traces").then().statusCode(415)
                .contentType("application/problem+json").body("detail", containsString("application/x-protobuf"));
        as(key).contentType(ContentType.JSON).body("[1]").post("/v1/traces").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(PROTOBUF).body(new byte[0]).post("/v1/traces").then().statusCode(401);
        as(Api.key("reader", null)).contentType(PROTOBUF).body(new byte[0]).post("/v1/traces").then().statusCode(403);
    }

    @Test
    void gzippedJsonIsAcceptedToo() {
        String key = Api.key("ingest", Api.unique("team"));
        byte[] json = "{\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_8);
        as(key).contentType(ContentType.JSON).header("Content-Encoding", "gzip").body(OtlpSpans.gzip(json))
                .post("/v1/traces").then().statusCode(200).contentType(ContentType.JSON);
    }

    private static io.restassured.specification.RequestSpecification given() {
        return io.restassured.RestAssured.given();
    }

    private static ExportTraceServiceResponse export(String key, byte[] body, boolean gzip) throws Exception {
        var request = as(key).contentType(PROTOBUF).body(body);
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        Response r = request.post("/v1/traces");
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals(PROTOBUF, r.contentType());
        return ExportTraceServiceResponse.parseFrom(r.asByteArray());
    }

    static Map<String, Object> openai(long input, long output) {
        return Map.of("gen_ai.operation.name", "chat", "gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o",
                "gen_ai.usage.input_tokens", input, "gen_ai.usage.output_tokens", output);
    }

    static Map<String, Object> with(Map<String, Object> attributes, String key, Object value) {
        Map<String, Object> out = new java.util.HashMap<>(attributes);
        out.put(key, value);
        return out;
    }

    /** The feed entry of the event says so too: read from just before the event's own position. */
    private void feedCarriesTheFlag(String team, String eventId) {
        Row position = pool.preparedQuery("SELECT tx_id::text AS tx, seq FROM usage_events WHERE team_id = $1 AND "
                + "event_id = $2").execute(Tuple.of(team, eventId)).await().indefinitely().iterator().next();
        String before = position.getString("tx") + "-" + (position.getLong("seq") - 1);
        java.util.List<Map<String, Object>> events = as(Api.SERVICE_KEY).queryParam("after", before)
                .queryParam("limit", 1).get("/api/v1/usage/feed").then().statusCode(200).extract().jsonPath()
                .getList("events");
        assertEquals(eventId, events.get(0).get("eventId"));
        assertEquals(Boolean.TRUE, events.get(0).get("cachedTokensUnknown"));
    }

    private long count(String team) {
        return pool.preparedQuery("SELECT count(*) FROM usage_events WHERE team_id = $1").execute(Tuple.of(team))
                .await().indefinitely().iterator().next().getLong(0);
    }

    private Row row(String team, String spanId) {
        RowSet<Row> rows = pool.preparedQuery("SELECT * FROM usage_events WHERE team_id = $1 AND event_id = $2")
                .execute(Tuple.of(team, spanId)).await().indefinitely();
        assertEquals(1, rows.size(), "one row for span " + spanId);
        return rows.iterator().next();
    }
}

package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.ingest;
import static dev.finops.e2e.FinopsSuite.Service.pricing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenTelemetry JS SDK (npm, installed by scripts/otel-node-tools.sh into e2e-tests/otel-node) against the running
 * suite, configured the zero-code way (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS,
 * OTEL_RESOURCE_ATTRIBUTES): each of its three OTLP trace exporters lands exact usage for the key's team and the
 * agent of the resource attributes, and @opentelemetry/instrumentation-openai with the openai client, against a fake
 * OpenAI server, lands its calls with their agent and the cachedTokensUnknown flag.
 */
@Order(5)
@ExtendWith(Suite.class)
class OtelExportersIT {

    private static final Path NODE_DIR = Path.of(System.getProperty("finops.e2e.root", ".."), "e2e-tests",
            "otel-node");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal INPUT = new BigDecimal("0.002");
    private static final BigDecimal CACHED = new BigDecimal("0.0005");
    private static final BigDecimal OUTPUT = new BigDecimal("0.008");

    private static String model;

    /** A model of its own with a distinct cached rate, so that every token kind shows in the cost. */
    @BeforeAll
    static void rates() {
        Ran check = run(List.of("scripts/otel-node-tools.sh", "--check"), Map.of(), Path.of(
                System.getProperty("finops.e2e.root", "..")));
        assertEquals(0, check.exit(), "the Node tools are not installed (./finops test installs them): "
                + check.stderr());
        model = SuiteApi.unique("e2e-otel-model");
        Http.Response r = Http.put(SuiteApi.url(pricing, "/api/v1/finops/valuation-rates"), SuiteApi.admin(), Map.of(
                "modelId", model, "inputRatePerKTokens", INPUT, "outputRatePerKTokens", OUTPUT,
                "cachedInputRatePerKTokens", CACHED, "reasoningRatePerKTokens", OUTPUT));
        SuiteApi.expect(200, r);
        SuiteApi.awaitRateInIngest(r.json().get("version").asLong());
    }

    @Test
    void httpProtobufTheSdksDefaultLandsExactUsage() {
        exportAndCheck("http/protobuf", Suite.get().url(ingest));
    }

    @Test
    void httpJsonLandsExactUsage() {
        exportAndCheck("http/json", Suite.get().url(ingest));
    }

    @Test
    void grpcLandsExactUsage() {
        exportAndCheck("grpc", "http://localhost:" + Suite.get().otlpGrpcPort());
    }

    @Test
    void theOpenAiInstrumentationLandsItsCallsWithTheAgentOfTheResource() {
        String team = SuiteApi.unique("otel-team");
        String agent = SuiteApi.unique("openai-agent");
        String head = SuiteApi.feedHead();
        Map<String, String> env = otelEnv(Suite.get().url(ingest), SuiteApi.key("ingest", team), agent);
        env.put("FINOPS_FAKE_OPENAI", String.format(
                "{\"model\":\"%s\",\"promptTokens\":1200,\"completionTokens\":300,\"cachedTokens\":1024,\"calls\":2}",
                model));
        JsonNode out = node("openai-instrumented.cjs", env);
        assertEquals(2, out.get("calls").asInt());

        List<JsonNode> events = SuiteApi.awaitValue("the two instrumented calls in the feed", Duration.ofSeconds(60),
                () -> {
                    List<JsonNode> feed = SuiteApi.feedOfTeam(head, team);
                    return feed.size() >= 2 ? feed : null;
                });
        assertEquals(2, events.size(), "exactly the two calls: " + events);
        for (JsonNode e : events) {
            assertEquals(agent, e.get("agentId").asText(), "the agent from OTEL_RESOURCE_ATTRIBUTES");
            assertEquals(model, e.get("model").asText());
            assertEquals("openai", e.get("provider").asText(), "gen_ai.system, the instrumentation's attribute");
            assertEquals(1200, e.get("inputTokens").asLong());
            assertEquals(300, e.get("outputTokens").asLong());
            // the instrumentation does not pass on the 1,024 cached tokens: flagged, valued at the full input rate
            assertEquals(0, e.get("cachedInputTokens").asLong());
            assertTrue(e.get("cachedTokensUnknown").asBoolean(), e.toString());
            assertEquals(0, cost(1200, 0, 300).compareTo(e.get("costUsd").decimalValue()), e.toString());
        }
    }

    /** Three spans of known tokens over one protocol, for a team and an agent of their own: in the feed exactly. */
    private static void exportAndCheck(String protocol, String endpoint) {
        String team = SuiteApi.unique("otel-team");
        String agent = SuiteApi.unique("otel-agent");
        String head = SuiteApi.feedHead();
        Map<String, String> env = otelEnv(endpoint, SuiteApi.key("ingest", team), agent);
        env.put("FINOPS_OTLP_PROTOCOL", protocol);
        env.put("FINOPS_SPANS", String.format("[{\"model\":\"%1$s\",\"input\":1000,\"output\":200,\"cacheRead\":400},"
                + "{\"model\":\"%1$s\",\"input\":2500,\"output\":700,\"reasoning\":300},"
                + "{\"model\":\"%1$s\",\"input\":10,\"output\":1}]", model));
        JsonNode out = node("export-genai-spans.cjs", env);
        List<String> spanIds = new ArrayList<>();
        out.get("spans").forEach(s -> spanIds.add(s.get("spanId").asText()));
        assertEquals(3, spanIds.size());

        Duration wait = Duration.ofSeconds(60);
        Map<String, JsonNode> byId = SuiteApi.awaitValue(protocol + " spans in the feed", wait, () -> {
            Map<String, JsonNode> feed = SuiteApi.feedOfTeam(head, team).stream()
                    .collect(Collectors.toMap(e -> e.get("eventId").asText(), e -> e, (a, b) -> a));
            return feed.keySet().containsAll(spanIds) ? feed : null;
        });
        assertEquals(3, byId.size(), protocol + ": exactly the three spans for the key's team: " + byId.keySet());
        long[][] tokens = {{1000, 400, 200}, {2500, 0, 700}, {10, 0, 1}};
        for (int i = 0; i < 3; i++) {
            JsonNode e = byId.get(spanIds.get(i));
            assertEquals(team, e.get("teamId").asText());
            assertEquals(agent, e.get("agentId").asText(), protocol + ": the agent from OTEL_RESOURCE_ATTRIBUTES");
            assertEquals("otel-e2e", e.get("feature").asText());
            assertEquals(tokens[i][0], e.get("inputTokens").asLong());
            assertEquals(tokens[i][1], e.get("cachedInputTokens").asLong());
            assertEquals(tokens[i][2], e.get("outputTokens").asLong());
            assertEquals(i == 1 ? 300 : 0, e.get("reasoningTokens").asLong());
            assertEquals(false, e.get("cachedTokensUnknown").asBoolean());
            assertEquals(0, cost(tokens[i][0], tokens[i][1], tokens[i][2]).compareTo(e.get("costUsd").decimalValue()),
                    protocol + " span " + i + ": " + e);
        }
    }

    /** Input (cached tokens at their own rate) and output (reasoning included, same rate), per 1,000 tokens. */
    private static BigDecimal cost(long input, long cached, long output) {
        return INPUT.multiply(BigDecimal.valueOf(input - cached)).add(CACHED.multiply(BigDecimal.valueOf(cached)))
                .add(OUTPUT.multiply(BigDecimal.valueOf(output))).divide(THOUSAND);
    }

    /** What ingest-service's README tells a user to set (plus a short batch delay, so the tests are quick). */
    private static Map<String, String> otelEnv(String endpoint, String key, String agent) {
        Map<String, String> env = new HashMap<>();
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
        env.put("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20" + key);
        env.put("OTEL_SERVICE_NAME", "finops-e2e-otel");
        env.put("OTEL_RESOURCE_ATTRIBUTES", "gen_ai.agent.name=" + agent + ",finops.feature=otel-e2e");
        env.put("OTEL_METRICS_EXPORTER", "none");
        env.put("OTEL_LOGS_EXPORTER", "none");
        env.put("OTEL_BSP_SCHEDULE_DELAY", "200");
        return env;
    }

    /** Runs a Node script of otel-node; answers the JSON it printed, after echoing its warnings (partial success). */
    private static JsonNode node(String script, Map<String, String> env) {
        Ran r = run(List.of("node", script), env, NODE_DIR);
        assertEquals(0, r.exit(), "node " + script + " failed:\n" + r.stdout() + r.stderr());
        // the SDK only logs failed exports (the exporters' diag output goes to stderr)
        assertTrue(!r.stderr().contains("OTLPExporterError") && !r.stderr().contains("export failed"),
                "node " + script + ": an export failed:\n" + r.stderr());
        if (!r.stderr().isBlank()) {
            System.out.println("node " + script + " said on stderr:\n" + r.stderr());
        }
        try {
            return Http.JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new AssertionError("node " + script + " printed no result:\n" + r.stdout() + r.stderr(), e);
        }
    }

    private record Ran(int exit, String stdout, String stderr) {
    }

    private static Ran run(List<String> command, Map<String, String> env, Path dir) {
        try {
            Path err = Files.createTempFile("otel-node", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.to(err.toFile()));
            pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
            }
            String stderr = Files.readString(err);
            Files.delete(err);
            return new Ran(p.exitValue(), out, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

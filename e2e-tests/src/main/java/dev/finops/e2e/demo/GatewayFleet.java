package dev.finops.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.e2e.Http;
import dev.finops.testing.llm.LlmProviderStub;
import dev.finops.testing.llm.StubUsage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The demo agents that use no FinOps API at all: they speak OpenAI's and Anthropic's wire to gateway-service, as
 * an SDK with its base URL changed does, and the gateway attributes, routes, caches, budget-checks and reports
 * them. Their provider is a local {@link LlmProviderStub}, registered with the gateway for the run's models only.
 */
final class GatewayFleet implements AutoCloseable {

    static final String OPENAI_PROVIDER = "demo-stub-openai";
    static final String ANTHROPIC_PROVIDER = "demo-stub-anthropic";
    /** Provider-prefixed catalog names: priced as the catalog model, and served by no provider of the user's. */
    static final String GPT = "stub/gpt-4o";
    static final String GPT_MINI = "stub/gpt-4o-mini";
    static final String CLAUDE = "stub/claude-3-5-haiku";

    private final String gateway;
    private final String admin;
    private final String run;
    private final String environment;
    private final Stats stats;
    private final Random random = new Random();
    private final LlmProviderStub stub;

    GatewayFleet(String gateway, String admin, String run, Stats stats) {
        this.gateway = gateway;
        this.admin = admin;
        this.run = run;
        this.environment = "demo-" + run;
        this.stats = stats;
        // a provider's latency and usage: cached prompt tokens for OpenAI, cache reads for Anthropic
        this.stub = new LlmProviderStub("sk-demo-" + UUID.randomUUID().toString().replace("-", "")).delayMs(40)
                .chatUsage(new StubUsage.OpenAi(1800, 350, 600, 0, 0))
                .messagesUsage(new StubUsage.Anthropic(3000, 2000, 1200, 300, 0)).maxRecorded(100).start();
    }

    String providerUrl() {
        return stub.baseUrl();
    }

    /** Registers the stub with the gateway, and routes triage-bot's simple tickets to the cheaper model. */
    void setUp(String pricingUrl) {
        provider(OPENAI_PROVIDER, "openai", stub.openAiBaseUrl(), List.of(GPT, GPT_MINI));
        provider(ANTHROPIC_PROVIDER, "anthropic", stub.baseUrl(), List.of(CLAUDE));
        ok(Http.put(pricingUrl + "/api/v1/routing/policies/agent/triage-bot", admin, Map.of(
                "defaultModel", GPT, "rules", List.of(Map.of("name", "simple",
                        "condition", "task_complexity == 'low'", "model", GPT_MINI,
                        "reason", "simple tickets go to the cheaper model")))));
    }

    private void provider(String name, String type, String baseUrl, List<String> models) {
        ok(Http.put(gateway + "/api/v1/gateway/providers/" + name, admin, Map.of("type", type, "baseUrl", baseUrl,
                "apiKey", stub.apiKey(), "models", models, "timeoutMs", 10_000)));
    }

    /** One call of an agent whose {@code gateway} is "openai" (chat, JSON) or "anthropic" (messages, SSE). */
    void call(Agent a, String key, String session) {
        String prompt = a.questions().get(random.nextInt(a.questions().size()));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-FinOps-Agent", a.id());
        headers.put("X-FinOps-Feature", a.feature());
        headers.put("X-FinOps-Environment", environment);
        headers.put("X-FinOps-Session", session);
        headers.put("X-FinOps-Customer", a.customers().get(random.nextInt(a.customers().size())));
        Http.Response r;
        if ("anthropic".equals(a.gateway())) {
            headers.put("x-api-key", key);
            headers.put("anthropic-version", "2023-06-01");
            r = Http.sendWithHeaders("POST", gateway + "/v1/messages", headers, Map.of("model", a.model(), "max_tokens", 4096,
                    "stream", true, "messages", List.of(Map.of("role", "user", "content", prompt))),
                    "application/json", Duration.ofSeconds(30));
        } else {
            headers.put("Authorization", "Bearer " + key);
            headers.put("X-FinOps-Task-Complexity", random.nextInt(3) == 0 ? "high" : "low");
            if (a.cacheNamespace() != null) {
                headers.put("X-FinOps-Cache-Namespace", a.cacheNamespace() + "-" + run); // this run's hits only
            }
            r = Http.sendWithHeaders("POST", gateway + "/v1/chat/completions", headers, Map.of("model", a.model(),
                    "max_tokens", 1024, "messages", List.of(Map.of("role", "user", "content", prompt))),
                    "application/json", Duration.ofSeconds(30));
        }
        stats.gateway(a.id(), r.status(), r.header("x-should-retry"), r.header("X-FinOps-Cache"),
                r.header("X-FinOps-Model"), a.model());
    }

    /** The providers leave with the demo (their stub is gone); the routing policy stays, as support-bot's does. */
    @Override
    public void close() {
        for (String name : List.of(OPENAI_PROVIDER, ANTHROPIC_PROVIDER)) {
            try {
                Http.delete(gateway + "/api/v1/gateway/providers/" + name, admin);
            } catch (RuntimeException e) {
                System.err.println("demo: could not delete provider " + name + ": " + e.getMessage());
            }
        }
        stub.close();
    }

    private static JsonNode ok(Http.Response r) {
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("demo set-up failed: " + r);
        }
        return r.json();
    }
}

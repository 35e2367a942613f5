package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.gateway;
import static dev.finops.e2e.FinopsSuite.Service.pricing;
import static dev.finops.e2e.SuiteApi.admin;
import static dev.finops.e2e.SuiteApi.expect;
import static dev.finops.e2e.SuiteApi.url;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.testing.llm.LlmProviderStub;
import dev.finops.testing.llm.StubUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** What the gateway tests do through the admin APIs, and the cost they expect, written once. */
final class GatewayApi {

    private GatewayApi() {
    }

    static String gatewayUrl() {
        return Suite.get().url(gateway);
    }

    /** A provider API key for a stub: random, and one the leak check looks for in every log and response. */
    static String providerKey() {
        String key = "sk-stub-" + UUID.randomUUID().toString().replace("-", "");
        SuiteApi.SECRETS.add(key);
        return key;
    }

    /** Registers the stub as an OpenAI provider serving exactly these models. */
    static void openAiProvider(String name, LlmProviderStub stub, List<String> models) {
        provider(name, "openai", stub.openAiBaseUrl(), stub, models, Map.of());
    }

    /** Registers the stub as an Anthropic provider serving exactly these models. */
    static void anthropicProvider(String name, LlmProviderStub stub, List<String> models) {
        provider(name, "anthropic", stub.baseUrl(), stub, models, Map.of());
    }

    static JsonNode provider(String name, String type, String baseUrl, LlmProviderStub stub, List<String> models,
                             Map<String, List<String>> fallbacks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("baseUrl", baseUrl);
        body.put("apiKey", stub.apiKey());
        body.put("models", models);
        if (!fallbacks.isEmpty()) {
            body.put("fallbacks", fallbacks);
        }
        body.put("timeoutMs", 30_000);
        Http.Response r = Http.put(url(gateway, "/api/v1/gateway/providers/" + name), admin(), body);
        expect(200, r);
        return r.json();
    }

    static void deleteProvider(String name) {
        Http.delete(url(gateway, "/api/v1/gateway/providers/" + name), admin());
    }

    /** A requests/tokens-per-minute limit; scope key|team|agent. */
    static void limit(String scope, String id, Integer requestsPerMinute, Integer tokensPerMinute) {
        Map<String, Object> body = new HashMap<>();
        body.put("requestsPerMinute", requestsPerMinute);
        body.put("tokensPerMinute", tokensPerMinute);
        Http.Response r = Http.put(url(gateway, "/api/v1/gateway/limits/" + scope + "/" + id), admin(), body);
        if (r.status() != 200 && r.status() != 201) {
            throw new AssertionError("PUT limit: " + r);
        }
    }

    /** A routing policy for a team: requests with X-FinOps-Task-Complexity: low go to {@code cheap}. */
    static void lowComplexityRoute(String team, String defaultModel, String cheap) {
        expect(200, Http.put(url(pricing, "/api/v1/routing/policies/team/" + team), admin(), Map.of(
                "defaultModel", defaultModel, "rules", List.of(Map.of("name", "simple",
                        "condition", "task_complexity == 'low'", "model", cheap,
                        "reason", "cheaper model for simple tasks")))));
    }

    /** USD per 1,000 tokens of one model, each kind at its own rate (so a token billed as the wrong kind shows). */
    record Rates(String model, BigDecimal input, BigDecimal cachedInput, BigDecimal cacheWrite, BigDecimal output,
                 BigDecimal reasoning) {

        /** Puts the rates into pricing-service and waits until ingest-service holds them. */
        static Rates put(String model, String input, String cachedInput, String cacheWrite, String output,
                         String reasoning) {
            Rates r = new Rates(model, new BigDecimal(input), new BigDecimal(cachedInput), new BigDecimal(cacheWrite),
                    new BigDecimal(output), new BigDecimal(reasoning));
            Http.Response put = Http.put(url(pricing, "/api/v1/finops/valuation-rates"), admin(), Map.of(
                    "modelId", model, "inputRatePerKTokens", r.input, "cachedInputRatePerKTokens", r.cachedInput,
                    "cacheWriteRatePerKTokens", r.cacheWrite, "outputRatePerKTokens", r.output,
                    "reasoningRatePerKTokens", r.reasoning));
            expect(200, put);
            SuiteApi.awaitRateInIngest(put.json().get("version").asLong());
            return r;
        }

        /**
         * The gateway reads pricing's rates every 2 s in the e2e run (FINOPS_GATEWAY_RATE_REFRESH): after this, it
         * values reservations and X-FinOps-Cost-Usd with the rates just put.
         */
        static void awaitInGateway() {
            SuiteApi.sleep(3000);
        }

        /** Canonical tokens: cached and cache-write are parts of input, reasoning a part of output. */
        BigDecimal cost(long input, long cached, long cacheWrite, long output, long reasoning) {
            return per(input - cached - cacheWrite, this.input).add(per(cached, cachedInput))
                    .add(per(cacheWrite, this.cacheWrite)).add(per(output - reasoning, this.output))
                    .add(per(reasoning, this.reasoning));
        }

        /** OpenAI's usage: cached_tokens and cache_write_tokens are subsets of prompt_tokens. */
        BigDecimal cost(StubUsage.OpenAi u) {
            return cost(u.promptTokens(), u.cachedTokens(), u.cacheWriteTokens(), u.completionTokens(),
                    u.reasoningTokens());
        }

        /** Anthropic's usage: input_tokens excludes the cache reads and writes. */
        BigDecimal cost(StubUsage.Anthropic u) {
            return cost(u.inputTokens() + u.cacheReadInputTokens() + u.cacheCreationInputTokens(),
                    u.cacheReadInputTokens(), u.cacheCreationInputTokens(), u.outputTokens(), 0);
        }

        private static BigDecimal per(long tokens, BigDecimal ratePerK) {
            return BigDecimal.valueOf(tokens).multiply(ratePerK).movePointLeft(3);
        }
    }

    /** Waits until ingest's feed holds a usage event for each id (of this team, after the cursor); by eventId. */
    static Map<String, JsonNode> awaitEvents(String head, String team, Set<String> eventIds, Duration timeout) {
        return SuiteApi.awaitValue(eventIds.size() + " usage events of " + team + " in ingest", timeout, () -> {
            Map<String, JsonNode> byId = byEventId(SuiteApi.feedOfTeam(head, team));
            return byId.keySet().containsAll(eventIds) ? byId : null;
        });
    }

    static Map<String, JsonNode> byEventId(List<JsonNode> events) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.get("eventId").asText(), e));
        return byId;
    }

    /** A team's spend in ingest's allocation report for one agent (today), or null when the agent has none. */
    static BigDecimal agentSpend(String team, String agent) {
        JsonNode alloc = Http.get(url(FinopsSuite.Service.ingest, "/api/v1/finops/allocations?days=1&teamId=" + team),
                admin()).json();
        for (JsonNode a : alloc.path("byAgent")) {
            if (agent.equals(a.path("agentId").asText()) || agent.equals(a.path("key").asText())) {
                return a.get("costUsd").decimalValue();
            }
        }
        return null;
    }
}

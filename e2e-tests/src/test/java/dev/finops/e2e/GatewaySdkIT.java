package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.budget;
import static dev.finops.e2e.GatewayApi.gatewayUrl;
import static dev.finops.e2e.SuiteApi.unique;
import static dev.finops.e2e.SuiteApi.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.e2e.GatewayApi.Rates;
import dev.finops.testing.llm.LlmProviderStub;
import dev.finops.testing.llm.RecordedRequest;
import dev.finops.testing.llm.StubAnswer;
import dev.finops.testing.llm.StubUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official SDKs (openai 7.55.0, @anthropic-ai/sdk 1.10.0 under Debian's Node) against the gateway, with only
 * baseURL and apiKey changed, and a local {@link LlmProviderStub} as the provider: each API works, the exact cost
 * lands in ingest for the right team and agent, a hard cap is the SDK's RateLimitError after one attempt, a repeated
 * prompt is a cache hit, a routing rule changes the model.
 */
@Order(5)
@ExtendWith(Suite.class)
class GatewaySdkIT {

    static final Duration EVENT_WAIT = Duration.ofSeconds(60);
    /** What the stub reports: OpenAI's cached and written tokens inside prompt_tokens, reasoning inside output. */
    static final StubUsage.OpenAi CHAT_USAGE = new StubUsage.OpenAi(2600, 50, 2000, 400, 20);
    static final StubUsage.OpenAi RESPONSES_USAGE = new StubUsage.OpenAi(1200, 300, 1000, 0, 100);
    /** Anthropic's input_tokens excludes the 300 read and 200 written. */
    static final StubUsage.Anthropic MESSAGES_USAGE = new StubUsage.Anthropic(11, 6, 300, 200, 0);
    static final long EMBEDDING_TOKENS = 321;
    static LlmProviderStub stub;
    static String openAi;
    static String anthropic;
    static Rates chat;
    static Rates cheap;
    static Rates embedding;
    static Rates claude;

    @BeforeAll
    static void providers() {
        stub = new LlmProviderStub(GatewayApi.providerKey()).start();
        // every kind of token at its own rate, so one billed as the wrong kind changes the cost
        chat = Rates.put(unique("gw-chat"), "0.002", "0.0005", "0.0025", "0.008", "0.011");
        cheap = Rates.put(unique("gw-cheap"), "0.0001", "0.00002", "0.00015", "0.0004", "0.0006");
        embedding = Rates.put(unique("gw-emb"), "0.00013", "0.00013", "0.00013", "0", "0");
        claude = Rates.put(unique("gw-claude"), "0.003", "0.0003", "0.00375", "0.015", "0.015");
        Rates.awaitInGateway();
        openAi = unique("e2e-openai");
        anthropic = unique("e2e-anthropic");
        GatewayApi.openAiProvider(openAi, stub, List.of(chat.model(), cheap.model(), embedding.model()));
        GatewayApi.anthropicProvider(anthropic, stub, List.of(claude.model()));
    }

    @AfterAll
    static void stop() {
        GatewayApi.deleteProvider(openAi);
        GatewayApi.deleteProvider(anthropic);
        stub.close();
    }

    @BeforeEach
    void usage() {
        stub.reset().chatUsage(CHAT_USAGE).responsesUsage(RESPONSES_USAGE).embeddingTokens(EMBEDDING_TOKENS)
                .messagesUsage(MESSAGES_USAGE);
    }

    /** One team with its key, and the attribution headers of one agent. */
    record Caller(String team, String key, String agent, String head) {
        static Caller create() {
            String team = unique("gw-team");
            return new Caller(team, SuiteApi.key("ingest", team), unique("sdk-agent"), SuiteApi.feedHead());
        }

        NodeSdk.Spec spec() {
            return NodeSdk.spec(gatewayUrl(), key).header("X-FinOps-Agent", agent).header("X-FinOps-Feature", "e2e")
                    .header("X-FinOps-Environment", "test");
        }
    }

    @Test
    void chatIsBilledExactlyToTheTeamAndAgentAndTheProviderGetsTheProviderKey() {
        Caller c = Caller.create();
        String prompt = "What is the capital of France? " + unique("q");
        JsonNode r = NodeSdk.one(c.spec().call("chat", chat.model(), prompt));
        assertTrue(r.path("ok").asBoolean(), r.toString());
        assertEquals(StubAnswer.text(prompt), r.get("text").asText());
        assertEquals(chat.model(), r.get("model").asText(), "X-FinOps-Model");
        BigDecimal expected = chat.cost(CHAT_USAGE);
        assertEquals(0, expected.compareTo(new BigDecimal(r.get("costUsd").asText())), "X-FinOps-Cost-Usd " + r);
        assertNotNull(r.get("serverTiming").textValue(), "Server-Timing names the steps");

        RecordedRequest upstream = only(stub.requests("/v1/chat/completions"));
        assertEquals("Bearer " + stub.apiKey(), upstream.header("authorization"), "the gateway's provider key");
        assertFalse(upstream.headers().toString().contains(c.key()), "the caller's suite key never goes upstream");
        assertEquals(prompt, upstream.json().getJsonArray("messages").getJsonObject(0).getString("content"));

        JsonNode event = GatewayApi.awaitEvents(c.head(), c.team(), Set.of(r.get("requestId").asText()), EVENT_WAIT)
                .get(r.get("requestId").asText());
        assertEquals(c.agent(), event.get("agentId").asText(), event.toString());
        assertEquals("e2e", event.get("feature").asText());
        assertEquals("test", event.get("environment").asText());
        assertEquals(chat.model(), event.get("model").asText());
        assertEquals(2600, event.get("inputTokens").asLong());
        assertEquals(2000, event.get("cachedInputTokens").asLong());
        assertEquals(400, event.get("cacheWriteInputTokens").asLong());
        assertEquals(50, event.get("outputTokens").asLong());
        assertEquals(20, event.get("reasoningTokens").asLong());
        assertEquals(0, expected.compareTo(event.get("costUsd").decimalValue()), event.toString());
        assertSpend(c, expected);

        JsonNode models = NodeSdk.one(c.spec().call("models", null, null));
        List<String> ids = StreamSupport.stream(models.get("models").spliterator(), false).map(JsonNode::asText)
                .toList();
        assertTrue(ids.containsAll(List.of(chat.model(), claude.model())), "GET /v1/models: " + ids);
    }

    @Test
    void chatStreamsAreBilledFromTheUsageChunkTheClientDidNotAskFor() {
        Caller c = Caller.create();
        String prompt = "Stream me a short answer " + unique("q");
        List<JsonNode> rs = NodeSdk.run(c.spec().call("chat-stream", chat.model(), prompt)
                .call("chat-stream", chat.model(), prompt, Map.of("includeUsage", true)), Duration.ofSeconds(120));
        JsonNode plain = rs.stream().filter(r -> r.get("i").asInt() == 0).findFirst().orElseThrow();
        JsonNode asked = rs.stream().filter(r -> r.get("i").asInt() == 1).findFirst().orElseThrow();
        assertTrue(plain.path("ok").asBoolean() && asked.path("ok").asBoolean(), rs.toString());
        assertEquals(StubAnswer.text(prompt), plain.get("text").asText());
        assertTrue(plain.path("usage").isMissingNode(), "no usage chunk for a client that did not ask: " + plain);
        assertEquals(2650, asked.path("usage").path("total_tokens").asLong(), "the usage chunk it asked for");
        for (RecordedRequest upstream : stub.requests("/v1/chat/completions")) {
            assertEquals(Boolean.TRUE, upstream.json().getJsonObject("stream_options").getValue("include_usage"),
                    "the gateway asks upstream for usage");
        }

        BigDecimal each = chat.cost(CHAT_USAGE);
        Map<String, JsonNode> events = GatewayApi.awaitEvents(c.head(), c.team(),
                Set.of(plain.get("requestId").asText(), asked.get("requestId").asText()), EVENT_WAIT);
        events.values().forEach(e -> assertEquals(0, each.compareTo(e.get("costUsd").decimalValue()), e.toString()));
        assertSpend(c, each.add(each));
    }

    @Test
    void responsesStreamIsBilledOnResponseCompleted() {
        Caller c = Caller.create();
        String prompt = "Tell me a joke " + unique("q");
        JsonNode r = NodeSdk.one(c.spec().call("responses-stream", chat.model(), prompt));
        assertTrue(r.path("ok").asBoolean(), r.toString());
        assertEquals(StubAnswer.text(prompt), r.get("text").asText());
        assertEquals("response.completed", r.get("terminal").asText());
        BigDecimal expected = chat.cost(RESPONSES_USAGE);
        JsonNode event = GatewayApi.awaitEvents(c.head(), c.team(), Set.of(r.get("requestId").asText()), EVENT_WAIT)
                .get(r.get("requestId").asText());
        assertEquals(1000, event.get("cachedInputTokens").asLong(), event.toString());
        assertEquals(100, event.get("reasoningTokens").asLong());
        assertEquals(0, expected.compareTo(event.get("costUsd").decimalValue()), event.toString());
        assertSpend(c, expected);
    }

    @Test
    void embeddingsAreBilledForTheirPromptTokens() {
        Caller c = Caller.create();
        JsonNode r = NodeSdk.one(c.spec().call("embeddings", embedding.model(), "embed this " + unique("q")));
        assertTrue(r.path("ok").asBoolean(), r.toString());
        assertEquals(8, r.get("dims").asInt(), "the SDK decoded the base64 vector: " + r);
        BigDecimal expected = embedding.cost(EMBEDDING_TOKENS, 0, 0, 0, 0);
        assertEquals(0, expected.compareTo(new BigDecimal(r.get("costUsd").asText())), r.toString());
        JsonNode event = GatewayApi.awaitEvents(c.head(), c.team(), Set.of(r.get("requestId").asText()), EVENT_WAIT)
                .get(r.get("requestId").asText());
        assertEquals(321, event.get("inputTokens").asLong());
        assertEquals(0, event.get("outputTokens").asLong());
        assertEquals(0, expected.compareTo(event.get("costUsd").decimalValue()), event.toString());
        assertSpend(c, expected);
    }

    @Test
    void anthropicMessagesStreamIsBilledWithCacheTokensOnce() {
        Caller c = Caller.create();
        String prompt = "Hello Claude " + unique("q");
        JsonNode r = NodeSdk.one(c.spec().call("messages-stream", claude.model(), prompt));
        assertTrue(r.path("ok").asBoolean(), r.toString());
        assertEquals(StubAnswer.text(prompt), r.get("text").asText());
        assertEquals(6, r.path("usage").path("output_tokens").asLong(), "cumulative message_delta usage: " + r);
        RecordedRequest upstream = only(stub.requests("/v1/messages"));
        assertEquals(stub.apiKey(), upstream.header("x-api-key"));
        assertNotNull(upstream.header("anthropic-version"));

        // input_tokens 11 excludes the 300 read and 200 written: 511 prompt tokens, none billed twice
        BigDecimal expected = claude.cost(MESSAGES_USAGE);
        JsonNode event = GatewayApi.awaitEvents(c.head(), c.team(), Set.of(r.get("requestId").asText()), EVENT_WAIT)
                .get(r.get("requestId").asText());
        assertEquals(511, event.get("inputTokens").asLong(), event.toString());
        assertEquals(300, event.get("cachedInputTokens").asLong());
        assertEquals(200, event.get("cacheWriteInputTokens").asLong());
        assertEquals(6, event.get("outputTokens").asLong());
        assertEquals("anthropic", event.get("provider").asText());
        assertEquals(0, expected.compareTo(event.get("costUsd").decimalValue()), event.toString());
        assertSpend(c, expected);
    }

    @Test
    void aHardCapIsTheSdksRateLimitErrorAfterOneAttemptAndNothingGoesUpstream() {
        Caller c = Caller.create();
        SuiteApi.budget(Map.of("name", unique("gw-cap"), "scope", Map.of("team", c.team()), "period", "monthly",
                "amountUsd", 1, "hardLimitPercent", 100));
        // 1.4 USD reported directly: 300,000 input at 0.002 + 100,000 output at 0.008
        SuiteApi.report(c.key(), List.of(SuiteApi.event(SuiteApi.eventId(), chat.model(), 300_000, 100_000,
                Map.of())));
        SuiteApi.await("budget-service refuses the team", Duration.ofSeconds(30), () -> Http.post(
                url(budget, "/api/v1/budgets/check"), c.key(), Map.of("estimatedCostUsd", 0.001)).status() == 429);

        List<JsonNode> rs = NodeSdk.run(c.spec().call("chat", chat.model(), "over the cap")
                .call("messages-stream", claude.model(), "over the cap"), Duration.ofSeconds(120));
        assertEquals(2, rs.size());
        for (JsonNode r : rs) {
            assertFalse(r.path("ok").asBoolean(), r.toString());
            JsonNode err = r.get("error");
            assertEquals("RateLimitError", err.get("name").asText(), r.toString());
            assertTrue(err.get("rateLimit").asBoolean());
            assertEquals(1, r.get("attempts").asInt(), "x-should-retry: false stops the SDK's retries: " + r);
            assertEquals("false", err.get("shouldRetry").asText());
            assertNotNull(err.get("retryAfter").textValue(), "Retry-After");
        }
        JsonNode openAiErr = rs.stream().filter(r -> r.get("api").asText().equals("chat")).findFirst().orElseThrow();
        assertNotNull(openAiErr.get("error").get("type").textValue(), "OpenAI's error shape: " + openAiErr);
        JsonNode anthropicErr = rs.stream().filter(r -> r.get("api").asText().equals("messages-stream")).findFirst()
                .orElseThrow();
        assertEquals("rate_limit_error", anthropicErr.get("error").get("type").asText(), anthropicErr.toString());
        assertEquals(0, stub.count(), "no byte sent upstream: " + stub.requests());
    }

    @Test
    void aRepeatedPromptInACacheNamespaceIsAHitWithNoSecondUpstreamCall() {
        Caller c = Caller.create();
        String ns = unique("gw-ns");
        String prompt = "What is our refund policy? " + unique("q");
        Map<String, Object> cached = Map.of("headers", Map.of("X-FinOps-Cache-Namespace", ns));
        JsonNode first = NodeSdk.one(c.spec().call("chat", chat.model(), prompt, cached));
        assertTrue(first.path("ok").asBoolean(), first.toString());
        assertEquals("miss", first.get("cache").asText());
        assertEquals(1, stub.count("/v1/chat/completions"));
        SuiteApi.sleep(1500); // the store is step 9, after the answer

        JsonNode again = NodeSdk.one(c.spec().call("chat", chat.model(), prompt, cached));
        assertTrue(again.path("ok").asBoolean(), again.toString());
        assertEquals("hit", again.get("cache").asText(), again.toString());
        assertEquals(first.get("text").asText(), again.get("text").asText());
        JsonNode streamed = NodeSdk.one(c.spec().call("chat-stream", chat.model(), prompt, cached));
        assertEquals("hit", streamed.get("cache").asText(), "a hit is streamed to a streaming client: " + streamed);
        assertEquals(first.get("text").asText(), streamed.get("text").asText());
        assertEquals(1, stub.count("/v1/chat/completions"), "no second upstream call");

        JsonNode off = NodeSdk.one(c.spec().call("chat", chat.model(), prompt));
        assertEquals("off", off.get("cache").asText(), "no namespace, no cache: " + off);
        assertEquals(2, stub.count("/v1/chat/completions"));
    }

    @Test
    void aRoutingRuleChangesTheModelUsed() {
        Caller c = Caller.create();
        GatewayApi.lowComplexityRoute(c.team(), chat.model(), cheap.model());
        JsonNode low = NodeSdk.one(c.spec().call("chat", chat.model(), "Say hi " + unique("q"),
                Map.of("headers", Map.of("X-FinOps-Task-Complexity", "low"))));
        assertTrue(low.path("ok").asBoolean(), low.toString());
        assertEquals(cheap.model(), low.get("model").asText(), "X-FinOps-Model");
        assertEquals(cheap.model(), only(stub.requests("/v1/chat/completions")).model(), "the model the stub got");
        BigDecimal expected = cheap.cost(CHAT_USAGE);
        assertEquals(0, expected.compareTo(new BigDecimal(low.get("costUsd").asText())), low.toString());

        JsonNode high = NodeSdk.one(c.spec().call("chat", chat.model(), "Prove a theorem " + unique("q"),
                Map.of("headers", Map.of("X-FinOps-Task-Complexity", "high"))));
        assertEquals(chat.model(), high.get("model").asText(), high.toString());
        assertEquals(chat.model(), stub.requests("/v1/chat/completions").get(1).model());

        Map<String, JsonNode> events = GatewayApi.awaitEvents(c.head(), c.team(),
                Set.of(low.get("requestId").asText(), high.get("requestId").asText()), EVENT_WAIT);
        assertEquals(cheap.model(), events.get(low.get("requestId").asText()).get("model").asText());
        assertEquals(chat.model(), events.get(high.get("requestId").asText()).get("model").asText());
    }

    /** The report a user reads: the agent's spend today in ingest's allocations. */
    private static void assertSpend(Caller c, BigDecimal expected) {
        SuiteApi.await(c.agent() + "'s spend " + expected + " in /finops/allocations", Duration.ofSeconds(20), () -> {
            BigDecimal spend = GatewayApi.agentSpend(c.team(), c.agent());
            return spend != null && spend.compareTo(expected) == 0;
        });
    }

    private static RecordedRequest only(List<RecordedRequest> requests) {
        assertEquals(1, requests.size(), "upstream requests: " + requests);
        return requests.get(0);
    }
}

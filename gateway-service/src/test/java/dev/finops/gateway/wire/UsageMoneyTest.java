package dev.finops.gateway.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.cost.CostCalculator;
import dev.finops.cost.RateCard;
import dev.finops.cost.TokenUsage;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each provider's usage object, read into canonical tokens and priced with the suite's one cost formula. */
class UsageMoneyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** USD per 1,000 tokens: input 0.003, cached 0.0003, cache write 0.00375, output 0.015, reasoning as output. */
    private static final RateCard RATE = new RateCard("m", "p", new BigDecimal("0.003"), new BigDecimal("0.015"),
            new BigDecimal("0.0003"), new BigDecimal("0.00375"), null, Instant.EPOCH, 1);

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void assertUsd(String expected, CallUsage usage) {
        BigDecimal actual = CostCalculator.cost(usage.tokens(), RATE).totalUsd();
        assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> "cost " + actual + " for " + usage);
    }

    @Test
    void openAiCacheReadsAndWritesAreInsidePromptTokens() {
        // the docs' example: 2,000 read + 400 written + 200 neither = 2,600 prompt tokens
        CallUsage usage = ProviderUsage.fromUsage(WireApi.CHAT, json("""
                {"prompt_tokens":2600,"completion_tokens":500,"total_tokens":3100,
                 "prompt_tokens_details":{"cached_tokens":2000,"cache_write_tokens":400}}"""));
        assertEquals(new TokenUsage(2600, 2000, 400, 500, 0), usage.tokens());
        assertEquals(200, usage.tokens().uncachedInputTokens());
        // 200 × 0.003 + 2000 × 0.0003 + 400 × 0.00375 + 500 × 0.015, per 1,000
        assertUsd("0.0102", usage);
    }

    @Test
    void responsesCacheReadsAndWritesAreInsideInputTokens() {
        CallUsage usage = ProviderUsage.fromUsage(WireApi.RESPONSES, json("""
                {"input_tokens":2600,"input_tokens_details":{"cached_tokens":2000,"cache_write_tokens":400},
                 "output_tokens":500,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":3100}"""));
        assertEquals(new TokenUsage(2600, 2000, 400, 500, 0), usage.tokens());
        assertUsd("0.0102", usage);
    }

    @Test
    void anthropicInputTokensExcludeCacheReadsAndWrites() {
        CallUsage anthropic = ProviderUsage.fromUsage(WireApi.MESSAGES, json("""
                {"input_tokens":200,"cache_read_input_tokens":2000,"cache_creation_input_tokens":400,
                 "output_tokens":500}"""));
        CallUsage openAi = ProviderUsage.fromUsage(WireApi.CHAT, json("""
                {"prompt_tokens":2600,"completion_tokens":500,"total_tokens":3100,
                 "prompt_tokens_details":{"cached_tokens":2000,"cache_write_tokens":400}}"""));
        assertEquals(openAi.tokens(), anthropic.tokens());
        assertEquals(new TokenUsage(2600, 2000, 400, 500, 0), anthropic.tokens());
        assertUsd("0.0102", anthropic);
    }

    @Test
    void anthropicOneHourCacheWritesAreReportedApart() {
        CallUsage usage = ProviderUsage.fromUsage(WireApi.MESSAGES, json("""
                {"input_tokens":200,"cache_read_input_tokens":2000,"cache_creation_input_tokens":400,
                 "cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":300},
                 "output_tokens":500}"""));
        assertEquals(new TokenUsage(2600, 2000, 400, 500, 0), usage.tokens());
        assertEquals(300, usage.cacheWrite1hTokens());
        // the 1-hour writes are part of the 400 writes, not on top of them
        assertUsd("0.0102", usage);
    }

    @Test
    void chatReasoningTokensArePartOfCompletionTokens() {
        CallUsage usage = ProviderUsage.fromUsage(WireApi.CHAT, json("""
                {"prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500,
                 "completion_tokens_details":{"reasoning_tokens":300}}"""));
        assertEquals(new TokenUsage(1000, 0, 0, 500, 300), usage.tokens());
        // 1000 × 0.003 + 500 × 0.015 (reasoning billed as output, once), per 1,000
        assertUsd("0.0105", usage);
    }

    @Test
    void responsesReasoningTokensArePartOfOutputTokens() {
        CallUsage usage = ProviderUsage.fromUsage(WireApi.RESPONSES, json("""
                {"input_tokens":1000,"input_tokens_details":{"cached_tokens":0},"output_tokens":500,
                 "output_tokens_details":{"reasoning_tokens":300},"total_tokens":1500}"""));
        assertEquals(new TokenUsage(1000, 0, 0, 500, 300), usage.tokens());
        assertUsd("0.0105", usage);
    }

    @Test
    void embeddingsHaveOnlyPromptTokens() {
        CallUsage usage = ProviderUsage.fromUsage(WireApi.EMBEDDINGS, json("{\"prompt_tokens\":8,\"total_tokens\":8}"));
        assertEquals(new TokenUsage(8, 0, 0, 0, 0), usage.tokens());
        assertUsd("0.000024", usage);
    }

    @Test
    void nullAndMissingCountsAreZero() {
        assertEquals(new TokenUsage(11, 0, 0, 6, 0), ProviderUsage.fromUsage(WireApi.MESSAGES, json("""
                {"input_tokens":11,"cache_creation_input_tokens":null,"cache_read_input_tokens":null,
                 "output_tokens":6}""")).tokens());
        assertEquals(new TokenUsage(17, 0, 0, 10, 0), ProviderUsage.fromUsage(WireApi.CHAT, json("""
                {"prompt_tokens":17,"completion_tokens":10,"total_tokens":27,"prompt_tokens_details":null,
                 "completion_tokens_details":{"reasoning_tokens":null}}""")).tokens());
        assertEquals(new TokenUsage(0, 0, 0, 0, 0), ProviderUsage.fromUsage(WireApi.RESPONSES, json("{}")).tokens());
    }

    @Test
    void negativeAndNonNumericCountsAreZero() {
        assertEquals(new TokenUsage(0, 0, 0, 10, 0), ProviderUsage.fromUsage(WireApi.CHAT, json("""
                {"prompt_tokens":-5,"completion_tokens":10,"prompt_tokens_details":{"cached_tokens":"many"}}"""))
                .tokens());
    }

    @Test
    void subsetsLargerThanTheirTotalAreClampedIntoIt() {
        // reads first, then writes fill what is left; reasoning capped at output
        assertEquals(new TokenUsage(100, 80, 20, 5, 5), ProviderUsage.fromUsage(WireApi.CHAT, json("""
                {"prompt_tokens":100,"completion_tokens":5,"prompt_tokens_details":{"cached_tokens":80,
                 "cache_write_tokens":40},"completion_tokens_details":{"reasoning_tokens":9}}""")).tokens());
        assertEquals(new TokenUsage(100, 100, 0, 0, 0), ProviderUsage.fromUsage(WireApi.RESPONSES, json("""
                {"input_tokens":100,"input_tokens_details":{"cached_tokens":150}}""")).tokens());
        CallUsage anthropic = ProviderUsage.fromUsage(WireApi.MESSAGES, json("""
                {"input_tokens":5,"cache_creation_input_tokens":10,"cache_creation":{"ephemeral_1h_input_tokens":50},
                 "output_tokens":1}"""));
        assertEquals(10, anthropic.cacheWrite1hTokens());
    }

    @Test
    void anthropicWritesWithOnlyTheBreakdownAreItsSum() {
        CallUsage usage = ProviderUsage.fromUsage(WireApi.MESSAGES, json("""
                {"input_tokens":10,"cache_creation":{"ephemeral_5m_input_tokens":30,"ephemeral_1h_input_tokens":60},
                 "output_tokens":2}"""));
        assertEquals(new TokenUsage(100, 0, 90, 2, 0), usage.tokens());
        assertEquals(60, usage.cacheWrite1hTokens());
    }

    @Test
    void fromResponseReadsTheBodysUsageOrNothing() {
        assertEquals(new TokenUsage(2600, 2000, 400, 500, 300), ProviderUsage.fromResponse(WireApi.RESPONSES, json("""
                {"id":"resp_1","object":"response","status":"completed","usage":{"input_tokens":2600,
                 "input_tokens_details":{"cached_tokens":2000,"cache_write_tokens":400},"output_tokens":500,
                 "output_tokens_details":{"reasoning_tokens":300},"total_tokens":3100}}""")).tokens());
        assertEquals(new TokenUsage(11, 0, 0, 6, 0), ProviderUsage.fromResponse(WireApi.MESSAGES, json("""
                {"type":"message","usage":{"input_tokens":11,"output_tokens":6}}""")).tokens());
        assertNull(ProviderUsage.fromResponse(WireApi.CHAT, json("{\"id\":\"x\",\"choices\":[]}")));
        assertNull(ProviderUsage.fromResponse(WireApi.CHAT, json("{\"usage\":null}")));
        assertNull(ProviderUsage.fromResponse(WireApi.CHAT, json("[1]")));
        assertNull(ProviderUsage.fromResponse(WireApi.CHAT, null));
        assertNull(ProviderUsage.fromUsage(WireApi.CHAT, json("\"usage\"")));
        assertNull(ProviderUsage.fromUsage(WireApi.CHAT, null));
    }
}

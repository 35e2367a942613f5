package dev.finops.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden fixtures: each provider's usage shape, read by {@link UsageReader} and priced by {@link CostCalculator}
 * at LiteLLM's list prices (shared/data/litellm-model-prices.json, converted to USD per 1,000 tokens by hand here),
 * with the exact decimal expected.
 */
class GoldenCostTest {

    private static BigDecimal d(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    private static TierRates tier(String in, String out, String cached, String write, String write1h) {
        return new TierRates(d(in), d(out), d(cached), d(write), d(write1h));
    }

    private static RateCard card(String model, String in, String out, String cached, String write, RateRules rules) {
        return new RateCard(model, "p", d(in), d(out), d(cached), d(write), null, Instant.EPOCH, 1, rules);
    }

    static final Map<String, RateCard> RATES = Map.of(
            "gpt-4o", card("gpt-4o", "0.0025", "0.01", "0.00125", null, new RateRules(null, List.of(), Map.of(
                    ServiceTier.BATCH, tier("0.00125", "0.005", null, null, null),
                    ServiceTier.PRIORITY, tier("0.00425", "0.017", "0.002125", null, null)), null, null)),
            "gpt-5", card("gpt-5", "0.00125", "0.01", "0.000125", null, new RateRules(null, List.of(), Map.of(
                    ServiceTier.FLEX, tier("0.000625", "0.005", "0.0000625", null, null),
                    ServiceTier.PRIORITY, tier("0.0025", "0.02", "0.00025", null, null)), null, null)),
            "text-embedding-3-small", card("text-embedding-3-small", "0.00002", "0", null, null, RateRules.NONE),
            "claude-sonnet-4-20250514", card("claude-sonnet-4-20250514", "0.003", "0.015", "0.0003", "0.00375",
                    new RateRules(d("0.006"), List.of(new ContextTier(200_000,
                            tier("0.006", "0.0225", "0.0006", "0.0075", null))), Map.of(), null, d("0.01"))),
            "gemini-2.5-pro", card("gemini-2.5-pro", "0.00125", "0.01", "0.000125", null,
                    new RateRules(null, List.of(new ContextTier(200_000,
                            tier("0.0025", "0.015", "0.00025", "0.00025", null))), Map.of(), null, d("0.035"))),
            "anthropic.claude-3-7-sonnet-20250219-v1:0", card("anthropic.claude-3-7-sonnet-20250219-v1:0", "0.003",
                    "0.015", "0.0003", "0.00375", RateRules.NONE),
            "gpt-4o-search-preview", card("gpt-4o-search-preview", "0.0025", "0.01", "0.00125", null,
                    new RateRules(null, List.of(), Map.of(ServiceTier.BATCH, tier("0.00125", "0.005", null, null, null)),
                            null, d("0.035"))),
            "perplexity/sonar-medium-online", card("perplexity/sonar-medium-online", "0", "0.0018", null, null,
                    new RateRules(null, List.of(), Map.of(), d("0.005"), null)));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                  | model                                      | usage                                                                                                                                                                    | expected
        openai chat with cached prompt          | gpt-4o                                     | {"usage":{"prompt_tokens":2000,"completion_tokens":500,"prompt_tokens_details":{"cached_tokens":1000}}}                                                                 | 0.00875
        openai responses with reasoning         | gpt-5                                      | {"usage":{"input_tokens":10000,"output_tokens":2000,"input_tokens_details":{"cached_tokens":4000},"output_tokens_details":{"reasoning_tokens":1500}}}                   | 0.028
        openai embeddings                       | text-embedding-3-small                     | {"usage":{"prompt_tokens":8000,"total_tokens":8000}}                                                                                                                    | 0.00016
        anthropic 5m and 1h cache writes        | claude-sonnet-4-20250514                   | {"usage":{"input_tokens":100,"output_tokens":400,"cache_read_input_tokens":2000,"cache_creation_input_tokens":3000,"cache_creation":{"ephemeral_5m_input_tokens":1000,"ephemeral_1h_input_tokens":2000}}} | 0.02265
        anthropic above 200k bills all at tier  | claude-sonnet-4-20250514                   | {"usage":{"input_tokens":250000,"output_tokens":1000,"cache_creation_input_tokens":10000}}                                                                              | 1.5975
        anthropic web search                    | claude-sonnet-4-20250514                   | {"usage":{"input_tokens":1000,"output_tokens":100,"server_tool_use":{"web_search_requests":3}}}                                                                          | 0.0345
        gemini thoughts below 200k              | gemini-2.5-pro                             | {"usageMetadata":{"promptTokenCount":150000,"cachedContentTokenCount":50000,"candidatesTokenCount":1000,"thoughtsTokenCount":3000}}                                     | 0.17125
        gemini exactly 200k is below the tier   | gemini-2.5-pro                             | {"usageMetadata":{"promptTokenCount":200000}}                                                                                                                           | 0.25
        gemini thoughts above 200k              | gemini-2.5-pro                             | {"usageMetadata":{"promptTokenCount":250000,"cachedContentTokenCount":50000,"candidatesTokenCount":1000,"thoughtsTokenCount":3000}}                                     | 0.5725
        bedrock converse with cache             | anthropic.claude-3-7-sonnet-20250219-v1:0  | {"usage":{"inputTokens":13,"outputTokens":200,"cacheReadInputTokens":1504,"cacheWriteInputTokens":1000}}                                                                | 0.0072402
        batch tier                              | gpt-4o                                     | {"inputTokens":10000,"outputTokens":1000,"serviceTier":"batch"}                                                                                                         | 0.0175
        flex tier                               | gpt-5                                      | {"inputTokens":10000,"cachedInputTokens":2000,"outputTokens":1000,"serviceTier":"flex"}                                                                                 | 0.010125
        priority tier on a chat usage           | gpt-4o                                     | {"usage":{"prompt_tokens":10000,"completion_tokens":1000,"prompt_tokens_details":{"cached_tokens":2000}},"serviceTier":"priority"}                                      | 0.05525
        a tier without rates bills the default  | gpt-4o                                     | {"inputTokens":10000,"outputTokens":1000,"serviceTier":"flex"}                                                                                                          | 0.035
        per-search charge                       | gpt-4o-search-preview                      | {"inputTokens":1000,"outputTokens":500,"searchQueries":2}                                                                                                               | 0.0775
        per-request charge defaults to one      | perplexity/sonar-medium-online             | {"inputTokens":500,"outputTokens":1000}                                                                                                                                 | 0.0068
        per-request charge times requests       | perplexity/sonar-medium-online             | {"inputTokens":500,"outputTokens":1000,"requests":3}                                                                                                                    | 0.0168
        canonical 1h cache writes               | claude-sonnet-4-20250514                   | {"inputTokens":5100,"cachedInputTokens":2000,"cacheWriteInputTokens":3000,"cacheWrite1hInputTokens":2000,"outputTokens":400}                                            | 0.02265
        """)
    void pricesEveryShapeAndTierExactly(String name, String model, String usage, String expected) throws Exception {
        UsageReader.Result read = UsageReader.read(new ObjectMapper().readTree(usage));
        assertTrue(read.ok(), () -> name + ": " + read.problems());
        CostBreakdown cost = CostCalculator.cost(read.tokens(), RATES.get(model), read.charges());
        assertEquals(new BigDecimal(expected), cost.totalUsd(), () -> name + ": " + cost);
        assertEquals(0, cost.totalUsd().compareTo(cost.uncachedInputUsd().add(cost.cachedInputUsd())
                .add(cost.cacheWriteUsd()).add(cost.cacheWrite1hUsd()).add(cost.outputUsd()).add(cost.reasoningUsd())
                .add(cost.requestUsd()).add(cost.searchUsd())), () -> name + ": items add up to the total");
    }

    @Test
    void itemisesTheTiersThatApplied() {
        RateCard gemini = RATES.get("gemini-2.5-pro");
        CostBreakdown above = CostCalculator.cost(new TokenUsage(250_000, 0, 0, 1000, 0), gemini);
        assertEquals(200_000L, above.rates().contextTierAboveInputTokens());
        assertEquals(new BigDecimal("0.0025"), above.rates().input());
        CostBreakdown below = CostCalculator.cost(new TokenUsage(1000, 0, 0, 1000, 0), gemini);
        assertEquals(null, below.rates().contextTierAboveInputTokens());

        CostBreakdown batch = CostCalculator.cost(new TokenUsage(1000, 0, 0, 0, 0), RATES.get("gpt-4o"),
                new CallCharges(ServiceTier.BATCH, null, 0));
        assertEquals(ServiceTier.BATCH, batch.rates().serviceTier());
        CostBreakdown noFlex = CostCalculator.cost(new TokenUsage(1000, 0, 0, 0, 0), RATES.get("gpt-4o"),
                new CallCharges(ServiceTier.FLEX, null, 0));
        assertEquals(ServiceTier.DEFAULT, noFlex.rates().serviceTier());
    }

    @Test
    void oneHourWritesWithoutTheirOwnRateAreBilledAsFiveMinuteWrites() {
        RateCard bedrock = RATES.get("anthropic.claude-3-7-sonnet-20250219-v1:0");
        CostBreakdown cost = CostCalculator.cost(new TokenUsage(1000, 0, 1000, 0, 0, 1000), bedrock);
        assertEquals(0, new BigDecimal("0.00375").compareTo(cost.totalUsd()));
    }

    @Test
    void rejectsUnknownServiceTiersAndTooManyOneHourWrites() throws Exception {
        ObjectMapper json = new ObjectMapper();
        UsageReader.Result tier = UsageReader.read(json.readTree("{\"inputTokens\":1,\"outputTokens\":1,\"serviceTier\":\"turbo\"}"));
        assertEquals("serviceTier", tier.problems().get(0).field());
        UsageReader.Result write = UsageReader.read(json.readTree(
                "{\"usage\":{\"input_tokens\":1,\"output_tokens\":1,\"cache_creation_input_tokens\":10,"
                        + "\"cache_creation\":{\"ephemeral_1h_input_tokens\":11}}}"));
        assertEquals("usage.cache_creation.ephemeral_1h_input_tokens", write.problems().get(0).field());
    }
}

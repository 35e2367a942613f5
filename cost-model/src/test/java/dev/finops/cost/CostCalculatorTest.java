package dev.finops.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CostCalculatorTest {

    private static BigDecimal d(String s) {
        return s == null || s.isBlank() ? null : new BigDecimal(s);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                           | in     | cached | write | out   | reason | inRate | outRate | cachedRate | writeRate | reasonRate | expected
        plain input and output           | 1000   | 0      | 0     | 1000  | 0      | 0.0025 | 0.01    |            |           |            | 0.0125
        cached input at its own rate     | 1000   | 400    | 0     | 0     | 0      | 0.0025 | 0.01    | 0.00125    |           |            | 0.002
        cached input without cached rate | 1000   | 400    | 0     | 0     | 0      | 0.0025 | 0.01    |            |           |            | 0.0025
        cache write at its own rate      | 1000   | 0      | 1000  | 0     | 0      | 0.003  | 0.015   | 0.0003     | 0.00375   |            | 0.00375
        reasoning defaults to output     | 0      | 0      | 0     | 2000  | 1500   | 0.0011 | 0.0044  |            |           |            | 0.0088
        reasoning at its own rate        | 0      | 0      | 0     | 2000  | 1500   | 0.0011 | 0.0044  |            |           | 0.006      | 0.0112
        every kind at once               | 10000  | 3000   | 2000  | 5000  | 1000   | 0.003  | 0.015   | 0.0003     | 0.00375   | 0.02       | 0.1034
        tiny rates stay exact            | 7      | 3      | 0     | 1     | 0      | 0.00015| 0.0006  | 0.000075   |           |            | 0.000001425
        zero tokens cost nothing         | 0      | 0      | 0     | 0     | 0      | 0.0025 | 0.01    |            |           |            | 0
        """)
    void pricesEachTokenKindOnce(String name, long in, long cached, long write, long out, long reason,
                                 String inRate, String outRate, String cachedRate, String writeRate,
                                 String reasonRate, String expected) {
        RateCard rate = new RateCard("m", "p", d(inRate), d(outRate), d(cachedRate), d(writeRate), d(reasonRate),
                Instant.EPOCH, 7);
        CostBreakdown cost = CostCalculator.cost(new TokenUsage(in, cached, write, out, reason), rate);
        assertEquals(0, new BigDecimal(expected).compareTo(cost.totalUsd()), () -> name + ": " + cost);
        assertEquals(0, cost.totalUsd().compareTo(cost.uncachedInputUsd().add(cost.cachedInputUsd())
                .add(cost.cacheWriteUsd()).add(cost.outputUsd()).add(cost.reasoningUsd())));
        assertEquals(7, cost.rateVersion());
    }

    /** Provider usage objects read and priced at LiteLLM's list prices (shared/data), per 1,000 tokens. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                | usage                                                                                                                               | inRate  | outRate | cachedRate | writeRate | expected
        gemini-2.5-pro, thoughts and cache    | {"usageMetadata":{"promptTokenCount":12000,"cachedContentTokenCount":8000,"candidatesTokenCount":300,"thoughtsTokenCount":1200}}  | 0.00125 | 0.01    | 0.000125   |           | 0.021
        bedrock claude-3-7-sonnet with cache  | {"usage":{"inputTokens":13,"outputTokens":200,"cacheReadInputTokens":1504,"cacheWriteInputTokens":1000}}                          | 0.003   | 0.015   | 0.0003     | 0.00375   | 0.0072402
        openai cache write at 1.25x input     | {"usage":{"prompt_tokens":3000,"completion_tokens":100,"prompt_tokens_details":{"cached_tokens":1000,"cache_write_tokens":1000}}}  | 0.00125 | 0.01    | 0.000125   | 0.0015625 | 0.0039375
        """)
    void pricesProviderUsageExactly(String name, String usage, String inRate, String outRate, String cachedRate,
                                    String writeRate, String expected) throws Exception {
        UsageReader.Result read = UsageReader.read(new com.fasterxml.jackson.databind.ObjectMapper().readTree(usage));
        RateCard rate = new RateCard("m", "p", d(inRate), d(outRate), d(cachedRate), d(writeRate), null,
                Instant.EPOCH, 1);
        assertEquals(0, new BigDecimal(expected).compareTo(CostCalculator.totalUsd(read.tokens(), rate)),
                () -> name + ": " + CostCalculator.cost(read.tokens(), rate));
    }

    @Test
    void rejectsSubsetsLargerThanTheirTotal() {
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(10, 8, 3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(0, 0, 0, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(-1, 0, 0, 0, 0));
    }
}

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

    @Test
    void rejectsSubsetsLargerThanTheirTotal() {
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(10, 8, 3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(0, 0, 0, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(-1, 0, 0, 0, 0));
    }
}

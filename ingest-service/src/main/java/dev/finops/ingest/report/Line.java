package dev.finops.ingest.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** One row of a breakdown: a dimension value, its sums and its share of the report's total cost. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Line(String key, String teamId, BigDecimal costUsd, BigDecimal share, long calls, long errorCalls,
                   long unpricedCalls, long inputTokens, long cachedInputTokens, long cacheWriteInputTokens,
                   long outputTokens, long reasoningTokens) {

    static Line of(String key, String teamId, Aggregate a, BigDecimal total) {
        return new Line(key, teamId, a.costUsd(), share(a.costUsd(), total), a.calls(), a.errorCalls(),
                a.unpricedCalls(), a.inputTokens(), a.cachedInputTokens(), a.cacheWriteInputTokens(),
                a.outputTokens(), a.reasoningTokens());
    }

    /** A ratio, not money: six decimals are plenty. Null when there is nothing to share. */
    static BigDecimal share(BigDecimal part, BigDecimal total) {
        return total.signum() == 0 ? null : part.divide(total, 6, RoundingMode.HALF_EVEN);
    }
}

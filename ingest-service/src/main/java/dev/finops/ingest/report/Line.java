package dev.finops.ingest.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * One row of a breakdown: a dimension value ({@code key}: null, not absent, for events without one), its sums and
 * its share of the report's total cost. {@code provisionalUsd}: the part of costUsd valued at a fallback rate
 * (models without a rate yet). {@code reportedModels}: on model rows, the model strings reported for this priced
 * model (e.g. "gpt-4o-2024-08-06", "openai/gpt-4o" under "gpt-4o").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Line(@JsonInclude(JsonInclude.Include.ALWAYS) String key, String teamId, BigDecimal costUsd,
                   BigDecimal share, long calls, long errorCalls, long unpricedCalls, long inputTokens,
                   long cachedInputTokens, long cacheWriteInputTokens, long outputTokens, long reasoningTokens,
                   BigDecimal provisionalUsd, List<String> reportedModels) {

    static Line of(String key, String teamId, Aggregate a, BigDecimal total) {
        return of(key, teamId, a, total, null);
    }

    static Line of(String key, String teamId, Aggregate a, BigDecimal total, List<String> reportedModels) {
        return new Line(key, teamId, a.costUsd(), share(a.costUsd(), total), a.calls(), a.errorCalls(),
                a.unpricedCalls(), a.inputTokens(), a.cachedInputTokens(), a.cacheWriteInputTokens(),
                a.outputTokens(), a.reasoningTokens(), a.provisionalUsd(), reportedModels);
    }

    /** A ratio, not money: six decimals are plenty. Null when there is nothing to share. */
    static BigDecimal share(BigDecimal part, BigDecimal total) {
        return total.signum() == 0 ? null : part.divide(total, 6, RoundingMode.HALF_EVEN);
    }
}

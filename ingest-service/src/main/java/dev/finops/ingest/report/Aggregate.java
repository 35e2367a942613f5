package dev.finops.ingest.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/** Sums of the rollups for one group (and day, when bucketed by day). Money is exact; provisionalUsd is the part of costUsd valued at a fallback rate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Aggregate(LocalDate date, Map<Dimension, String> keys, BigDecimal costUsd, long calls, long errorCalls,
                        long unpricedCalls, long inputTokens, long cachedInputTokens, long cacheWriteInputTokens,
                        long outputTokens, long reasoningTokens, BigDecimal provisionalUsd) {

    public String key(Dimension d) {
        return keys.get(d);
    }

    public static Aggregate empty() {
        return new Aggregate(null, Map.of(), BigDecimal.ZERO, 0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO);
    }

    public Aggregate plus(Aggregate o) {
        return new Aggregate(date, keys, costUsd.add(o.costUsd), calls + o.calls, errorCalls + o.errorCalls,
                unpricedCalls + o.unpricedCalls, inputTokens + o.inputTokens, cachedInputTokens + o.cachedInputTokens,
                cacheWriteInputTokens + o.cacheWriteInputTokens, outputTokens + o.outputTokens,
                reasoningTokens + o.reasoningTokens, provisionalUsd.add(o.provisionalUsd));
    }
}

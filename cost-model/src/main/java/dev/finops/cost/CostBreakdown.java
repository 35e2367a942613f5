package dev.finops.cost;

import java.math.BigDecimal;

/** The cost of one usage, itemised by token kind; every amount is exact USD. */
public record CostBreakdown(BigDecimal uncachedInputUsd, BigDecimal cachedInputUsd, BigDecimal cacheWriteUsd,
                            BigDecimal outputUsd, BigDecimal reasoningUsd, BigDecimal totalUsd, long rateVersion) {
}

package dev.finops.cost;

import java.math.BigDecimal;

/**
 * The cost of one usage, itemised by token kind and charge; every amount is exact USD.
 * {@code cacheWriteUsd} is the 5-minute cache writes, {@code cacheWrite1hUsd} the 1-hour ones;
 * {@code rates} are the rates applied (after service and context tiers).
 */
public record CostBreakdown(BigDecimal uncachedInputUsd, BigDecimal cachedInputUsd, BigDecimal cacheWriteUsd,
                            BigDecimal outputUsd, BigDecimal reasoningUsd, BigDecimal totalUsd, long rateVersion,
                            BigDecimal cacheWrite1hUsd, BigDecimal requestUsd, BigDecimal searchUsd,
                            AppliedRates rates) {

    /** A breakdown of token charges only (rate model v1). */
    public CostBreakdown(BigDecimal uncachedInputUsd, BigDecimal cachedInputUsd, BigDecimal cacheWriteUsd,
                         BigDecimal outputUsd, BigDecimal reasoningUsd, BigDecimal totalUsd, long rateVersion) {
        this(uncachedInputUsd, cachedInputUsd, cacheWriteUsd, outputUsd, reasoningUsd, totalUsd, rateVersion,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, null);
    }
}

package dev.finops.cost;

import java.math.BigDecimal;

/**
 * Token rates (USD per 1,000 tokens) of one tier, each null when the tier does not change that kind's rate:
 * a service tier's (batch, flex, priority) or a context-length tier's (see {@link ContextTier}).
 */
public record TierRates(BigDecimal inputRatePerKTokens, BigDecimal outputRatePerKTokens,
                        BigDecimal cachedInputRatePerKTokens, BigDecimal cacheWriteRatePerKTokens,
                        BigDecimal cacheWrite1hRatePerKTokens) {

    public boolean none() {
        return inputRatePerKTokens == null && outputRatePerKTokens == null && cachedInputRatePerKTokens == null
                && cacheWriteRatePerKTokens == null && cacheWrite1hRatePerKTokens == null;
    }
}

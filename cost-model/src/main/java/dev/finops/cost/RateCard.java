package dev.finops.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * USD per 1,000 tokens of one model, as one immutable version of its valuation rate.
 * A null cached-input or cache-write rate means "billed as uncached input"; a null
 * reasoning rate means "billed as output".
 */
public record RateCard(String modelId, String provider, BigDecimal inputRatePerKTokens,
                       BigDecimal outputRatePerKTokens, BigDecimal cachedInputRatePerKTokens,
                       BigDecimal cacheWriteRatePerKTokens, BigDecimal reasoningRatePerKTokens,
                       Instant effectiveFrom, long version) {

    public RateCard {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(inputRatePerKTokens, "inputRatePerKTokens");
        Objects.requireNonNull(outputRatePerKTokens, "outputRatePerKTokens");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    }

    public BigDecimal effectiveCachedInputRate() {
        return cachedInputRatePerKTokens != null ? cachedInputRatePerKTokens : inputRatePerKTokens;
    }

    public BigDecimal effectiveCacheWriteRate() {
        return cacheWriteRatePerKTokens != null ? cacheWriteRatePerKTokens : inputRatePerKTokens;
    }

    public BigDecimal effectiveReasoningRate() {
        return reasoningRatePerKTokens != null ? reasoningRatePerKTokens : outputRatePerKTokens;
    }
}

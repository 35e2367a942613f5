package dev.finops.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * USD per 1,000 tokens of one model, as one immutable version of its valuation rate.
 * A null cached-input or cache-write rate means "billed as uncached input"; a null
 * reasoning rate means "billed as output". {@code rules} holds the rest of rate model v2
 * (1-hour cache writes, context and service tiers, per-request and per-search charges).
 */
public record RateCard(String modelId, String provider, BigDecimal inputRatePerKTokens,
                       BigDecimal outputRatePerKTokens, BigDecimal cachedInputRatePerKTokens,
                       BigDecimal cacheWriteRatePerKTokens, BigDecimal reasoningRatePerKTokens,
                       Instant effectiveFrom, long version, RateRules rules) {

    public RateCard {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(inputRatePerKTokens, "inputRatePerKTokens");
        Objects.requireNonNull(outputRatePerKTokens, "outputRatePerKTokens");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        rules = rules == null ? RateRules.NONE : rules;
    }

    /** A rate with base prices only (rate model v1). */
    public RateCard(String modelId, String provider, BigDecimal inputRatePerKTokens,
                    BigDecimal outputRatePerKTokens, BigDecimal cachedInputRatePerKTokens,
                    BigDecimal cacheWriteRatePerKTokens, BigDecimal reasoningRatePerKTokens,
                    Instant effectiveFrom, long version) {
        this(modelId, provider, inputRatePerKTokens, outputRatePerKTokens, cachedInputRatePerKTokens,
                cacheWriteRatePerKTokens, reasoningRatePerKTokens, effectiveFrom, version, RateRules.NONE);
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

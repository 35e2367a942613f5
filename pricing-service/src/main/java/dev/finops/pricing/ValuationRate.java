package dev.finops.pricing;

import dev.finops.cost.RateCard;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One immutable version of a model's valuation rate: USD per 1,000 tokens of each kind, effective from
 * an instant until the next version of the same model takes over. A null cached-input or cache-write
 * rate means "billed as input"; a null reasoning rate means "billed as output".
 */
public record ValuationRate(String modelId, String provider, BigDecimal inputRatePerKTokens,
                            BigDecimal outputRatePerKTokens, BigDecimal cachedInputRatePerKTokens,
                            BigDecimal cacheWriteRatePerKTokens, BigDecimal reasoningRatePerKTokens,
                            String currency, Instant effectiveFrom, long version, RateSource source) {

    public RateCard toRateCard() {
        return new RateCard(modelId, provider, inputRatePerKTokens, outputRatePerKTokens, cachedInputRatePerKTokens,
                cacheWriteRatePerKTokens, reasoningRatePerKTokens, effectiveFrom, version);
    }

    /** Whether two rates charge the same for every token kind (provider and dates aside). */
    public boolean samePrices(ValuationRate other) {
        return same(inputRatePerKTokens, other.inputRatePerKTokens)
                && same(outputRatePerKTokens, other.outputRatePerKTokens)
                && same(cachedInputRatePerKTokens, other.cachedInputRatePerKTokens)
                && same(cacheWriteRatePerKTokens, other.cacheWriteRatePerKTokens)
                && same(reasoningRatePerKTokens, other.reasoningRatePerKTokens);
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}

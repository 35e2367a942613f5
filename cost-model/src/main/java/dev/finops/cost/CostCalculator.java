package dev.finops.cost;

import java.math.BigDecimal;

/**
 * The one cost formula of the suite: each token kind is billed once, at its own rate.
 * Arithmetic is exact: rates are per 1,000 tokens, so dividing by 1,000 only moves the
 * decimal point.
 */
public final class CostCalculator {

    private CostCalculator() {
    }

    public static CostBreakdown cost(TokenUsage usage, RateCard rate) {
        BigDecimal uncachedInput = price(usage.uncachedInputTokens(), rate.inputRatePerKTokens());
        BigDecimal cachedInput = price(usage.cachedInputTokens(), rate.effectiveCachedInputRate());
        BigDecimal cacheWrite = price(usage.cacheWriteInputTokens(), rate.effectiveCacheWriteRate());
        BigDecimal output = price(usage.nonReasoningOutputTokens(), rate.outputRatePerKTokens());
        BigDecimal reasoning = price(usage.reasoningTokens(), rate.effectiveReasoningRate());
        BigDecimal total = uncachedInput.add(cachedInput).add(cacheWrite).add(output).add(reasoning);
        return new CostBreakdown(uncachedInput, cachedInput, cacheWrite, output, reasoning,
                total.stripTrailingZeros(), rate.version());
    }

    public static BigDecimal totalUsd(TokenUsage usage, RateCard rate) {
        return cost(usage, rate).totalUsd();
    }

    private static BigDecimal price(long tokens, BigDecimal ratePerKTokens) {
        return BigDecimal.valueOf(tokens).multiply(ratePerKTokens).movePointLeft(3);
    }
}

package dev.finops.cost;

import java.math.BigDecimal;

/**
 * The rates one call was billed at after its service tier and context tier were applied (USD per 1,000 tokens;
 * per request and per query in USD). {@code contextTierAboveInputTokens} is null when no context tier applied;
 * {@code serviceTier} is the tier whose rates were used (the default when the rate has none for the call's tier).
 */
public record AppliedRates(BigDecimal input, BigDecimal cachedInput, BigDecimal cacheWrite, BigDecimal cacheWrite1h,
                           BigDecimal output, BigDecimal reasoning, BigDecimal perRequest, BigDecimal perSearchQuery,
                           ServiceTier serviceTier, Long contextTierAboveInputTokens) {

    static AppliedRates of(RateCard card, long inputTokens, ServiceTier requested) {
        RateRules rules = card.rules();
        BigDecimal input = card.inputRatePerKTokens();
        BigDecimal output = card.outputRatePerKTokens();
        BigDecimal cached = card.cachedInputRatePerKTokens();
        BigDecimal write = card.cacheWriteRatePerKTokens();
        BigDecimal write1h = rules.cacheWrite1hRatePerKTokens();
        TierRates tier = requested == ServiceTier.DEFAULT ? null : rules.serviceTiers().get(requested);
        ServiceTier used = tier == null ? ServiceTier.DEFAULT : requested;
        Long above = null;
        if (tier == null) {
            // Context tiers are the default tier's; a service tier's own rates replace them.
            ContextTier context = rules.contextTierFor(inputTokens);
            if (context != null) {
                tier = context.rates();
                above = context.aboveInputTokens();
            }
        }
        if (tier != null) {
            input = or(tier.inputRatePerKTokens(), input);
            output = or(tier.outputRatePerKTokens(), output);
            cached = or(tier.cachedInputRatePerKTokens(), cached);
            write = or(tier.cacheWriteRatePerKTokens(), write);
            write1h = or(tier.cacheWrite1hRatePerKTokens(), write1h);
        }
        BigDecimal cachedRate = or(cached, input);
        BigDecimal writeRate = or(write, input);
        BigDecimal reasoning = or(card.reasoningRatePerKTokens(), output);
        return new AppliedRates(input, cachedRate, writeRate, or(write1h, writeRate), output, reasoning,
                rules.requestCostUsd(), rules.searchQueryCostUsd(), used, above);
    }

    private static BigDecimal or(BigDecimal value, BigDecimal fallback) {
        return value != null ? value : fallback;
    }
}

package dev.finops.pricing.service;

import dev.finops.cost.ContextTier;
import dev.finops.cost.TierRates;
import dev.finops.pricing.ValuationRate;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model's change in a refresh: the rate before (null: a new model) and after, the largest factor any of its
 * prices moved by (null when no price had a non-zero value on both sides), and whether it is held for an admin.
 */
public record RefreshChange(String modelId, ValuationRate previous, ValuationRate rate, BigDecimal largestFactor,
                            String largestFactorField, boolean held, String reason) {

    static RefreshChange of(String modelId, ValuationRate previous, ValuationRate next, BigDecimal maxFactor) {
        if (previous == null) {
            return new RefreshChange(modelId, null, next, null, null, false, null);
        }
        Map<String, BigDecimal[]> pairs = pairs(previous, next);
        BigDecimal largest = null;
        String field = null;
        for (Map.Entry<String, BigDecimal[]> p : pairs.entrySet()) {
            BigDecimal before = p.getValue()[0];
            BigDecimal after = p.getValue()[1];
            if (before == null || after == null || before.signum() == 0 || after.signum() == 0) {
                continue;
            }
            BigDecimal up = after.divide(before, MathContext.DECIMAL64);
            BigDecimal factor = up.compareTo(BigDecimal.ONE) >= 0 ? up : before.divide(after, MathContext.DECIMAL64);
            if (largest == null || factor.compareTo(largest) > 0) {
                largest = factor;
                field = p.getKey();
            }
        }
        boolean held = largest != null && largest.compareTo(maxFactor) > 0;
        String reason = held ? field + " moves by a factor of " + largest.stripTrailingZeros().toPlainString()
                + " (more than " + maxFactor.toPlainString() + "): POST /api/v1/finops/valuation-rates/refresh/confirm "
                + "applies it" : null;
        return new RefreshChange(modelId, previous, next, largest == null ? null : largest.stripTrailingZeros(), field,
                held, reason);
    }

    /** Every price of both rates, by field path, as (before, after). */
    private static Map<String, BigDecimal[]> pairs(ValuationRate a, ValuationRate b) {
        Map<String, BigDecimal[]> pairs = new LinkedHashMap<>();
        pairs.put("inputRatePerKTokens", new BigDecimal[] {a.inputRatePerKTokens(), b.inputRatePerKTokens()});
        pairs.put("outputRatePerKTokens", new BigDecimal[] {a.outputRatePerKTokens(), b.outputRatePerKTokens()});
        pairs.put("cachedInputRatePerKTokens",
                new BigDecimal[] {a.cachedInputRatePerKTokens(), b.cachedInputRatePerKTokens()});
        pairs.put("cacheWriteRatePerKTokens",
                new BigDecimal[] {a.cacheWriteRatePerKTokens(), b.cacheWriteRatePerKTokens()});
        pairs.put("cacheWrite1hRatePerKTokens",
                new BigDecimal[] {a.cacheWrite1hRatePerKTokens(), b.cacheWrite1hRatePerKTokens()});
        pairs.put("reasoningRatePerKTokens", new BigDecimal[] {a.reasoningRatePerKTokens(), b.reasoningRatePerKTokens()});
        pairs.put("requestCostUsd", new BigDecimal[] {a.requestCostUsd(), b.requestCostUsd()});
        pairs.put("searchQueryCostUsd", new BigDecimal[] {a.searchQueryCostUsd(), b.searchQueryCostUsd()});
        for (ContextTier t : a.contextTiers()) {
            b.contextTiers().stream().filter(o -> o.aboveInputTokens() == t.aboveInputTokens()).findFirst()
                    .ifPresent(o -> tier(pairs, "contextTiers[" + t.aboveInputTokens() + "].", t.rates(), o.rates()));
        }
        a.serviceTiers().forEach((name, t) -> {
            TierRates o = b.serviceTiers().get(name);
            if (o != null) {
                tier(pairs, "serviceTiers." + name + ".", t, o);
            }
        });
        return pairs;
    }

    private static void tier(Map<String, BigDecimal[]> pairs, String at, TierRates a, TierRates b) {
        pairs.put(at + "inputRatePerKTokens", new BigDecimal[] {a.inputRatePerKTokens(), b.inputRatePerKTokens()});
        pairs.put(at + "outputRatePerKTokens", new BigDecimal[] {a.outputRatePerKTokens(), b.outputRatePerKTokens()});
        pairs.put(at + "cachedInputRatePerKTokens",
                new BigDecimal[] {a.cachedInputRatePerKTokens(), b.cachedInputRatePerKTokens()});
        pairs.put(at + "cacheWriteRatePerKTokens",
                new BigDecimal[] {a.cacheWriteRatePerKTokens(), b.cacheWriteRatePerKTokens()});
    }
}

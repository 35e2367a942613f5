package dev.finops.cost;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The parts of a rate beyond the base per-token prices (rate model v2), each optional:
 * the 1-hour cache-write rate (null: billed as a 5-minute write), context-length tiers, service-tier rates,
 * a charge per request and a charge per web-search query (USD each).
 */
public record RateRules(BigDecimal cacheWrite1hRatePerKTokens, List<ContextTier> contextTiers,
                        Map<ServiceTier, TierRates> serviceTiers, BigDecimal requestCostUsd,
                        BigDecimal searchQueryCostUsd) {

    public static final RateRules NONE = new RateRules(null, List.of(), Map.of(), null, null);

    public RateRules {
        contextTiers = contextTiers == null ? List.of()
                : contextTiers.stream().sorted(Comparator.comparingLong(ContextTier::aboveInputTokens)).toList();
        serviceTiers = serviceTiers == null ? Map.of() : Map.copyOf(serviceTiers);
    }

    /** The highest context tier whose threshold the input exceeds, or null. */
    public ContextTier contextTierFor(long inputTokens) {
        ContextTier found = null;
        for (ContextTier tier : contextTiers) {
            if (inputTokens > tier.aboveInputTokens()) {
                found = tier;
            }
        }
        return found;
    }
}

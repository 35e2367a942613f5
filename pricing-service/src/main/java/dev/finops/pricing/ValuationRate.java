package dev.finops.pricing;

import dev.finops.cost.ContextTier;
import dev.finops.cost.RateCard;
import dev.finops.cost.RateRules;
import dev.finops.cost.ServiceTier;
import dev.finops.cost.TierRates;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable version of a model's valuation rate: USD per 1,000 tokens of each kind, effective from
 * an instant until the next version of the same model takes over. A null cached-input or cache-write
 * rate means "billed as input"; a null reasoning rate means "billed as output". Rate model v2 adds the 1-hour
 * cache-write rate (null: as a 5-minute write), context tiers (rates for a whole call above N input tokens),
 * service tiers ("batch", "flex", "priority"), and USD charges per request and per web-search query.
 * {@code sourceUrl} and {@code sourceFetchedAt} say where a refreshed rate was read (null otherwise).
 */
public record ValuationRate(String modelId, String provider, BigDecimal inputRatePerKTokens,
                            BigDecimal outputRatePerKTokens, BigDecimal cachedInputRatePerKTokens,
                            BigDecimal cacheWriteRatePerKTokens, BigDecimal reasoningRatePerKTokens,
                            BigDecimal cacheWrite1hRatePerKTokens, List<ContextTier> contextTiers,
                            Map<String, TierRates> serviceTiers, BigDecimal requestCostUsd,
                            BigDecimal searchQueryCostUsd, String currency, Instant effectiveFrom, long version,
                            RateSource source, String sourceUrl, Instant sourceFetchedAt) {

    public ValuationRate {
        contextTiers = contextTiers == null ? List.of() : List.copyOf(contextTiers);
        serviceTiers = serviceTiers == null ? Map.of() : Map.copyOf(serviceTiers);
    }

    /** A rate with base prices only. */
    public ValuationRate(String modelId, String provider, BigDecimal inputRatePerKTokens,
                         BigDecimal outputRatePerKTokens, BigDecimal cachedInputRatePerKTokens,
                         BigDecimal cacheWriteRatePerKTokens, BigDecimal reasoningRatePerKTokens,
                         String currency, Instant effectiveFrom, long version, RateSource source) {
        this(modelId, provider, inputRatePerKTokens, outputRatePerKTokens, cachedInputRatePerKTokens,
                cacheWriteRatePerKTokens, reasoningRatePerKTokens, null, null, null, null, null, currency,
                effectiveFrom, version, source, null, null);
    }

    public RateCard toRateCard() {
        Map<ServiceTier, TierRates> tiers = new EnumMap<>(ServiceTier.class);
        serviceTiers.forEach((k, v) -> tiers.put(ServiceTier.parse(k), v));
        return new RateCard(modelId, provider, inputRatePerKTokens, outputRatePerKTokens, cachedInputRatePerKTokens,
                cacheWriteRatePerKTokens, reasoningRatePerKTokens, effectiveFrom, version,
                new RateRules(cacheWrite1hRatePerKTokens, contextTiers, tiers, requestCostUsd, searchQueryCostUsd));
    }

    /** The same prices from another source or at another time. */
    public ValuationRate from(RateSource source, Instant effectiveFrom, String sourceUrl, Instant fetchedAt) {
        return new ValuationRate(modelId, provider, inputRatePerKTokens, outputRatePerKTokens,
                cachedInputRatePerKTokens, cacheWriteRatePerKTokens, reasoningRatePerKTokens,
                cacheWrite1hRatePerKTokens, contextTiers, serviceTiers, requestCostUsd, searchQueryCostUsd, currency,
                effectiveFrom, version, source, sourceUrl, fetchedAt);
    }

    /** Whether two rates charge the same for everything (provider, dates and source aside). */
    public boolean samePrices(ValuationRate other) {
        return same(inputRatePerKTokens, other.inputRatePerKTokens)
                && same(outputRatePerKTokens, other.outputRatePerKTokens)
                && same(cachedInputRatePerKTokens, other.cachedInputRatePerKTokens)
                && same(cacheWriteRatePerKTokens, other.cacheWriteRatePerKTokens)
                && same(reasoningRatePerKTokens, other.reasoningRatePerKTokens)
                && same(cacheWrite1hRatePerKTokens, other.cacheWrite1hRatePerKTokens)
                && same(requestCostUsd, other.requestCostUsd)
                && same(searchQueryCostUsd, other.searchQueryCostUsd)
                && sameContextTiers(contextTiers, other.contextTiers)
                && serviceTiers.keySet().equals(other.serviceTiers.keySet())
                && serviceTiers.entrySet().stream().allMatch(e -> same(e.getValue(), other.serviceTiers.get(e.getKey())));
    }

    private static boolean sameContextTiers(List<ContextTier> a, List<ContextTier> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).aboveInputTokens() != b.get(i).aboveInputTokens() || !same(a.get(i).rates(), b.get(i).rates())) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(TierRates a, TierRates b) {
        return Objects.equals(a == null, b == null) && (a == null
                || same(a.inputRatePerKTokens(), b.inputRatePerKTokens())
                && same(a.outputRatePerKTokens(), b.outputRatePerKTokens())
                && same(a.cachedInputRatePerKTokens(), b.cachedInputRatePerKTokens())
                && same(a.cacheWriteRatePerKTokens(), b.cacheWriteRatePerKTokens())
                && same(a.cacheWrite1hRatePerKTokens(), b.cacheWrite1hRatePerKTokens()));
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}

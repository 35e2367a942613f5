package dev.finops.pricing.service;

import dev.finops.cost.AppliedRates;
import dev.finops.cost.CallCharges;
import dev.finops.cost.CostBreakdown;
import dev.finops.cost.TokenUsage;
import dev.finops.pricing.ValuationRate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The itemised cost of one usage: each token kind once, at the rate of the call's service tier (or of the context
 * tier its input falls in), then the per-request and per-search charges, and the exact total.
 * {@code serviceTier} is the tier whose rates were used; {@code contextTierAboveInputTokens} is null below every tier.
 */
public record Quote(String model, String modelId, String provider, long rateVersion, Instant effectiveFrom,
                    String currency, Tokens tokens, String serviceTier, Long contextTierAboveInputTokens,
                    List<Item> items, BigDecimal totalUsd) {

    /** The canonical tokens: cached and cache-write input are subsets of input, reasoning of output. */
    public record Tokens(long inputTokens, long cachedInputTokens, long cacheWriteInputTokens,
                         long cacheWrite1hInputTokens, long outputTokens, long reasoningTokens, long requests,
                         long searchQueries) {
    }

    /**
     * One line of the bill: a token kind with its tokens and rate per 1,000 tokens, or a charge ("request",
     * "searchQuery") with its count in {@code units} and its USD price per unit in {@code unitPriceUsd}.
     */
    public record Item(String kind, Long tokens, BigDecimal ratePerKTokens, Long units, BigDecimal unitPriceUsd,
                       BigDecimal costUsd) {
    }

    static Quote of(String model, ValuationRate rate, TokenUsage t, CallCharges charges, CostBreakdown cost) {
        AppliedRates r = cost.rates();
        List<Item> items = new ArrayList<>(List.of(
                tokens("uncachedInput", t.uncachedInputTokens(), r.input(), cost.uncachedInputUsd()),
                tokens("cachedInput", t.cachedInputTokens(), r.cachedInput(), cost.cachedInputUsd()),
                tokens("cacheWrite", t.cacheWrite5mInputTokens(), r.cacheWrite(), cost.cacheWriteUsd()),
                tokens("cacheWrite1h", t.cacheWrite1hInputTokens(), r.cacheWrite1h(), cost.cacheWrite1hUsd()),
                tokens("output", t.nonReasoningOutputTokens(), r.output(), cost.outputUsd()),
                tokens("reasoning", t.reasoningTokens(), r.reasoning(), cost.reasoningUsd())));
        long requests = r.perRequest() == null ? charges.requests() == null ? 1 : charges.requests()
                : charges.billedRequests();
        if (r.perRequest() != null) {
            items.add(new Item("request", null, null, requests, r.perRequest(), cost.requestUsd().stripTrailingZeros()));
        }
        if (r.perSearchQuery() != null || charges.searchQueries() > 0) {
            items.add(new Item("searchQuery", null, null, charges.searchQueries(), r.perSearchQuery(),
                    cost.searchUsd().stripTrailingZeros()));
        }
        return new Quote(model, rate.modelId(), rate.provider(), rate.version(), rate.effectiveFrom(), rate.currency(),
                new Tokens(t.inputTokens(), t.cachedInputTokens(), t.cacheWriteInputTokens(),
                        t.cacheWrite1hInputTokens(), t.outputTokens(), t.reasoningTokens(), requests,
                        charges.searchQueries()),
                r.serviceTier().wire(), r.contextTierAboveInputTokens(), List.copyOf(items), cost.totalUsd());
    }

    private static Item tokens(String kind, long tokens, BigDecimal rate, BigDecimal cost) {
        return new Item(kind, tokens, rate, null, null, cost.stripTrailingZeros());
    }
}

package dev.finops.cost;

import java.math.BigDecimal;

/**
 * The one cost formula of the suite: each token kind is billed once, at its own rate, after the call's
 * service tier (or, for the default tier, the context tier its input tokens fall in) picks the rates; then
 * the per-request and per-search-query charges. Arithmetic is exact: rates are per 1,000 tokens, so dividing
 * by 1,000 only moves the decimal point.
 */
public final class CostCalculator {

    private CostCalculator() {
    }

    public static CostBreakdown cost(TokenUsage usage, RateCard rate) {
        return cost(usage, rate, CallCharges.DEFAULT);
    }

    public static CostBreakdown cost(TokenUsage usage, RateCard rate, CallCharges charges) {
        AppliedRates r = AppliedRates.of(rate, usage.inputTokens(), charges.serviceTier());
        BigDecimal uncachedInput = price(usage.uncachedInputTokens(), r.input());
        BigDecimal cachedInput = price(usage.cachedInputTokens(), r.cachedInput());
        BigDecimal cacheWrite = price(usage.cacheWrite5mInputTokens(), r.cacheWrite());
        BigDecimal cacheWrite1h = price(usage.cacheWrite1hInputTokens(), r.cacheWrite1h());
        BigDecimal output = price(usage.nonReasoningOutputTokens(), r.output());
        BigDecimal reasoning = price(usage.reasoningTokens(), r.reasoning());
        BigDecimal requests = r.perRequest() == null ? BigDecimal.ZERO
                : r.perRequest().multiply(BigDecimal.valueOf(charges.billedRequests()));
        // A search made on a model without a per-query charge is free: LiteLLM lists none for it.
        BigDecimal search = r.perSearchQuery() == null ? BigDecimal.ZERO
                : r.perSearchQuery().multiply(BigDecimal.valueOf(charges.searchQueries()));
        BigDecimal total = uncachedInput.add(cachedInput).add(cacheWrite).add(cacheWrite1h).add(output)
                .add(reasoning).add(requests).add(search);
        return new CostBreakdown(uncachedInput, cachedInput, cacheWrite, output, reasoning,
                total.stripTrailingZeros(), rate.version(), cacheWrite1h, requests, search, r);
    }

    public static BigDecimal totalUsd(TokenUsage usage, RateCard rate) {
        return cost(usage, rate).totalUsd();
    }

    public static BigDecimal totalUsd(TokenUsage usage, RateCard rate, CallCharges charges) {
        return cost(usage, rate, charges).totalUsd();
    }

    private static BigDecimal price(long tokens, BigDecimal ratePerKTokens) {
        return BigDecimal.valueOf(tokens).multiply(ratePerKTokens).movePointLeft(3);
    }
}

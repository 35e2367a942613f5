package dev.finops.pricing.service;

import dev.finops.cost.CostBreakdown;
import dev.finops.cost.RateCard;
import dev.finops.cost.TokenUsage;
import dev.finops.pricing.ValuationRate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The itemised cost of one usage: each token kind once, at its own rate, and the exact total. */
public record Quote(String model, String modelId, String provider, long rateVersion, Instant effectiveFrom,
                    String currency, Tokens tokens, List<Item> items, BigDecimal totalUsd) {

    /** The canonical tokens: cached and cache-write input are subsets of input, reasoning of output. */
    public record Tokens(long inputTokens, long cachedInputTokens, long cacheWriteInputTokens, long outputTokens,
                         long reasoningTokens) {
    }

    /** One line of the bill: a token kind, how many tokens were billed at which rate, and what they cost. */
    public record Item(String kind, long tokens, BigDecimal ratePerKTokens, BigDecimal costUsd) {
    }

    static Quote of(String model, ValuationRate rate, TokenUsage t, CostBreakdown cost) {
        RateCard card = rate.toRateCard();
        List<Item> items = List.of(
                new Item("uncachedInput", t.uncachedInputTokens(), card.inputRatePerKTokens(), cost.uncachedInputUsd()),
                new Item("cachedInput", t.cachedInputTokens(), card.effectiveCachedInputRate(), cost.cachedInputUsd()),
                new Item("cacheWrite", t.cacheWriteInputTokens(), card.effectiveCacheWriteRate(), cost.cacheWriteUsd()),
                new Item("output", t.nonReasoningOutputTokens(), card.outputRatePerKTokens(), cost.outputUsd()),
                new Item("reasoning", t.reasoningTokens(), card.effectiveReasoningRate(), cost.reasoningUsd()));
        return new Quote(model, rate.modelId(), rate.provider(), rate.version(), rate.effectiveFrom(), rate.currency(),
                new Tokens(t.inputTokens(), t.cachedInputTokens(), t.cacheWriteInputTokens(), t.outputTokens(),
                        t.reasoningTokens()),
                items.stream().map(i -> new Item(i.kind(), i.tokens(), i.ratePerKTokens(),
                        i.costUsd().stripTrailingZeros())).toList(),
                cost.totalUsd());
    }
}

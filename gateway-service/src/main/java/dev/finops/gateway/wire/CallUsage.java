package dev.finops.gateway.wire;

import dev.finops.cost.TokenUsage;

/**
 * The tokens of one call in canonical form (cached and cache-write input are subsets of input; reasoning a subset of
 * output), plus the part of the cache writes that Anthropic keeps for one hour (a subset of cacheWriteInputTokens,
 * priced apart where the rate table has a 1-hour rate). {@code estimated}: counted by the gateway from what was
 * streamed, because the provider's usage never arrived.
 */
public record CallUsage(TokenUsage tokens, long cacheWrite1hTokens, boolean estimated) {
}

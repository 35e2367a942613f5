package dev.finops.cost;

/**
 * Tokens of one LLM call in canonical form.
 *
 * <p>{@code inputTokens} counts every prompt token; {@code cachedInputTokens} and
 * {@code cacheWriteInputTokens} are subsets of it. {@code outputTokens} counts every
 * completion token; {@code reasoningTokens} is a subset of it. No token is counted twice.
 */
public record TokenUsage(long inputTokens, long cachedInputTokens, long cacheWriteInputTokens,
                         long outputTokens, long reasoningTokens) {

    public TokenUsage {
        if (inputTokens < 0 || cachedInputTokens < 0 || cacheWriteInputTokens < 0
                || outputTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
        if (cachedInputTokens + cacheWriteInputTokens > inputTokens) {
            throw new IllegalArgumentException("cached and cache-write input tokens are subsets of inputTokens");
        }
        if (reasoningTokens > outputTokens) {
            throw new IllegalArgumentException("reasoningTokens is a subset of outputTokens");
        }
    }

    public long uncachedInputTokens() {
        return inputTokens - cachedInputTokens - cacheWriteInputTokens;
    }

    public long nonReasoningOutputTokens() {
        return outputTokens - reasoningTokens;
    }
}

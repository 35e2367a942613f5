package dev.finops.cost;

/**
 * Tokens of one LLM call in canonical form.
 *
 * <p>{@code inputTokens} counts every prompt token; {@code cachedInputTokens} and
 * {@code cacheWriteInputTokens} are subsets of it, and {@code cacheWrite1hInputTokens} (writes kept
 * for one hour) is a subset of the cache writes. {@code outputTokens} counts every completion token;
 * {@code reasoningTokens} is a subset of it. No token is counted twice.
 */
public record TokenUsage(long inputTokens, long cachedInputTokens, long cacheWriteInputTokens,
                         long outputTokens, long reasoningTokens, long cacheWrite1hInputTokens) {

    public TokenUsage {
        if (inputTokens < 0 || cachedInputTokens < 0 || cacheWriteInputTokens < 0
                || outputTokens < 0 || reasoningTokens < 0 || cacheWrite1hInputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
        if (cachedInputTokens + cacheWriteInputTokens > inputTokens) {
            throw new IllegalArgumentException("cached and cache-write input tokens are subsets of inputTokens");
        }
        if (cacheWrite1hInputTokens > cacheWriteInputTokens) {
            throw new IllegalArgumentException("cacheWrite1hInputTokens is a subset of cacheWriteInputTokens");
        }
        if (reasoningTokens > outputTokens) {
            throw new IllegalArgumentException("reasoningTokens is a subset of outputTokens");
        }
    }

    /** Tokens without 1-hour cache writes (every cache write is a 5-minute one). */
    public TokenUsage(long inputTokens, long cachedInputTokens, long cacheWriteInputTokens,
                      long outputTokens, long reasoningTokens) {
        this(inputTokens, cachedInputTokens, cacheWriteInputTokens, outputTokens, reasoningTokens, 0);
    }

    public long uncachedInputTokens() {
        return inputTokens - cachedInputTokens - cacheWriteInputTokens;
    }

    public long cacheWrite5mInputTokens() {
        return cacheWriteInputTokens - cacheWrite1hInputTokens;
    }

    public long nonReasoningOutputTokens() {
        return outputTokens - reasoningTokens;
    }
}

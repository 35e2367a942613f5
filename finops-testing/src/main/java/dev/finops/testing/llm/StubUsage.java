package dev.finops.testing.llm;

/** Usage objects the stub answers with, in each provider's own accounting. */
public final class StubUsage {

    private StubUsage() {
    }

    /**
     * OpenAI Chat Completions and Responses: {@code cachedTokens} (cache reads) and {@code cacheWriteTokens} are
     * subsets of {@code promptTokens}; {@code reasoningTokens} a subset of {@code completionTokens}.
     */
    public record OpenAi(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens,
                         long reasoningTokens) {

        public static OpenAi of(long promptTokens, long completionTokens) {
            return new OpenAi(promptTokens, completionTokens, 0, 0, 0);
        }

        public long totalTokens() {
            return promptTokens + completionTokens;
        }
    }

    /**
     * Anthropic Messages: {@code inputTokens} excludes the cache reads and writes; the writes are split into the
     * 5-minute and 1-hour ones ({@code cache_creation_input_tokens} is their sum).
     */
    public record Anthropic(long inputTokens, long outputTokens, long cacheReadInputTokens,
                            long cacheWrite5mInputTokens, long cacheWrite1hInputTokens) {

        public static Anthropic of(long inputTokens, long outputTokens) {
            return new Anthropic(inputTokens, outputTokens, 0, 0, 0);
        }

        public long cacheCreationInputTokens() {
            return cacheWrite5mInputTokens + cacheWrite1hInputTokens;
        }
    }
}

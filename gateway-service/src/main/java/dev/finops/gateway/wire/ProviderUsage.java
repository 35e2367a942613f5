package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.cost.TokenUsage;

/**
 * Reads a provider's usage object into canonical tokens, by the API that produced it (never by guessing).
 *
 * <p>This runs on the relay path after the provider has answered, so it never throws on odd numbers: a missing or
 * null count is 0, a negative or non-numeric one is 0, and a subset larger than its total is clamped into it
 * (cache reads first, then cache writes fill what is left of the input; reasoning is capped at the output; the
 * 1-hour writes at the cache writes). The total is the required, always-reported field, so it is the one trusted.
 */
public final class ProviderUsage {

    private ProviderUsage() {
    }

    /** The usage of a whole (non-streamed) response body; null when it has none. */
    public static CallUsage fromResponse(WireApi api, JsonNode responseBody) {
        if (responseBody == null || !responseBody.isObject()) {
            return null;
        }
        return fromUsage(api, responseBody.get("usage"));
    }

    /**
     * A usage object as the API writes it (chat: prompt_tokens…; responses: input_tokens…; messages: Anthropic's);
     * null when {@code usage} is absent, JSON null or not an object.
     */
    public static CallUsage fromUsage(WireApi api, JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return switch (api) {
            case CHAT -> openAi(usage, "prompt_tokens", "completion_tokens", "prompt_tokens_details",
                    "completion_tokens_details");
            case RESPONSES -> openAi(usage, "input_tokens", "output_tokens", "input_tokens_details",
                    "output_tokens_details");
            case EMBEDDINGS -> embeddings(usage);
            case MESSAGES -> anthropic(usage);
        };
    }

    /** OpenAI: cached and cache-write tokens are both already inside the input total; reasoning inside the output. */
    private static CallUsage openAi(JsonNode usage, String input, String output, String inputDetails,
                                    String outputDetails) {
        JsonNode in = usage.get(inputDetails);
        JsonNode out = usage.get(outputDetails);
        return clamped(count(usage, input), count(in, "cached_tokens"), count(in, "cache_write_tokens"),
                count(usage, output), count(out, "reasoning_tokens"), 0);
    }

    private static CallUsage embeddings(JsonNode usage) {
        // prompt_tokens is required; total_tokens is the same number for an embedding, so it stands in if missing
        long input = usage.has("prompt_tokens") ? count(usage, "prompt_tokens") : count(usage, "total_tokens");
        return clamped(input, 0, 0, 0, 0, 0);
    }

    /**
     * Anthropic: input_tokens EXCLUDES cache reads and writes, so the prompt is the sum of all three. The 1-hour
     * part of the writes is in cache_creation; without cache_creation_input_tokens the breakdown is the total.
     */
    private static CallUsage anthropic(JsonNode usage) {
        long read = count(usage, "cache_read_input_tokens");
        JsonNode breakdown = usage.get("cache_creation");
        long oneHour = count(breakdown, "ephemeral_1h_input_tokens");
        long write = WireJson.present(usage.get("cache_creation_input_tokens"))
                ? count(usage, "cache_creation_input_tokens")
                : plus(count(breakdown, "ephemeral_5m_input_tokens"), oneHour);
        long input = plus(plus(count(usage, "input_tokens"), read), write);
        return clamped(input, read, write, count(usage, "output_tokens"), 0, oneHour);
    }

    static CallUsage clamped(long input, long cached, long cacheWrite, long output, long reasoning, long oneHour) {
        long reads = Math.min(cached, input);
        long writes = Math.min(cacheWrite, input - reads);
        TokenUsage tokens = new TokenUsage(input, reads, writes, output, Math.min(reasoning, output));
        return new CallUsage(tokens, Math.min(oneHour, writes), false);
    }

    /** A count as a provider wrote it: absent, null, negative or non-numeric counts are 0; decimals are truncated. */
    static long count(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isNumber() || !value.canConvertToLong()) {
            return 0;
        }
        return Math.max(0, value.asLong());
    }

    private static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}

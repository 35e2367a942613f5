package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a provider's usage object into canonical tokens, by the API that produced it (never by guessing). */
public final class ProviderUsage {

    private ProviderUsage() {
    }

    /** The usage of a whole (non-streamed) response body; null when it has none. */
    public static CallUsage fromResponse(WireApi api, JsonNode responseBody) {
        throw new UnsupportedOperationException("TODO wire");
    }

    /** A usage object as the API writes it (chat: prompt_tokens…; responses: input_tokens…; messages: Anthropic's). */
    public static CallUsage fromUsage(WireApi api, JsonNode usage) {
        throw new UnsupportedOperationException("TODO wire");
    }
}

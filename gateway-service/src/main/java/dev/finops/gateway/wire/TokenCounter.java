package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens with a real tokenizer (jtokkit, o200k_base), to reserve budget and tokens before a call.
 *
 * <p>o200k_base is the GPT-4o/GPT-4.1/o-series tokenizer; for Anthropic models it is an estimate (Claude's
 * tokenizer is not public), good enough for a reservation that the provider's usage replaces. Cheap to construct:
 * the encoding is built once per JVM, on first use, and jtokkit encodings are thread-safe.
 */
public final class TokenCounter {

    /**
     * OpenAI's cookbook count for chat formats: each message costs 3 tokens of framing beside its content, and every
     * reply is primed with 3 more. The role markers of promptText add a few tokens on top, so the count errs a little
     * high, the safe side for a budget reservation.
     */
    static final int TOKENS_PER_MESSAGE = 3;
    static final int TOKENS_PER_REPLY = 3;

    private static final class Holder {
        // the lazy registry loads only the encoding asked for, not all five
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    /** Tokens of a text; special tokens such as {@code <|endoftext|>} in it count as ordinary text, as providers do. */
    public long count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return Holder.O200K.countTokensOrdinary(text);
    }

    /** Input tokens of a request: its prompt text plus the per-message overhead of the chat format. */
    public long inputTokens(WireRequest request) {
        if (request.api() == WireApi.EMBEDDINGS) {
            return embeddingTokens(request.json().get("input"));
        }
        return count(request.promptText()) + (long) TOKENS_PER_MESSAGE * request.promptMessages() + TOKENS_PER_REPLY;
    }

    /** Embeddings are billed exactly their inputs' tokens, no framing; token-id inputs are counted, not encoded. */
    private long embeddingTokens(JsonNode input) {
        if (input.isTextual()) {
            return count(input.textValue());
        }
        if (PromptText.allNumbers(input)) {
            return input.size();
        }
        long tokens = 0;
        for (JsonNode item : input) {
            tokens += item.isTextual() ? count(item.textValue()) : item.isArray() ? item.size() : 0;
        }
        return tokens;
    }
}

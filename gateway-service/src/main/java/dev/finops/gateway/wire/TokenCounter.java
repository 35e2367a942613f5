package dev.finops.gateway.wire;

/** Counts tokens with a real tokenizer (jtokkit, o200k_base), to reserve budget and tokens before a call. */
public final class TokenCounter {

    /** Tokens of a text. */
    public long count(String text) {
        throw new UnsupportedOperationException("TODO wire");
    }

    /** Input tokens of a request: its prompt text plus the per-message overhead of the chat format. */
    public long inputTokens(WireRequest request) {
        throw new UnsupportedOperationException("TODO wire");
    }
}

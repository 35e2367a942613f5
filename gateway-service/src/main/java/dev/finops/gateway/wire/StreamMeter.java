package dev.finops.gateway.wire;

/**
 * Watches one upstream SSE stream frame by frame: finds its usage and its end, and says which frames the client
 * sees (a chat usage chunk the gateway asked for itself is hidden from a client that did not). A meter never throws
 * on what it reads: a frame it cannot parse is relayed and otherwise ignored. One meter per stream; not thread-safe.
 */
public interface StreamMeter {

    /**
     * A meter for this API; {@code hideUsageChunk}: drop the chat usage chunk (choices [] with usage), ignored by the
     * other APIs. Embeddings are never streamed: IllegalArgumentException.
     */
    static StreamMeter of(WireApi api, boolean hideUsageChunk) {
        return switch (api) {
            case CHAT -> new ChatStreamMeter(hideUsageChunk);
            case RESPONSES -> new ResponsesStreamMeter();
            case MESSAGES -> new MessagesStreamMeter();
            case EMBEDDINGS -> throw new IllegalArgumentException("embeddings are not streamed");
        };
    }

    /** Reads a frame; true when it is to be relayed to the client. */
    boolean onFrame(SseFrame frame);

    /** The stream reached its end ([DONE], message_stop, or a response.completed|incomplete|failed event). */
    boolean finished();

    /** The provider's usage, once seen (for Anthropic: message_start plus the cumulative message_delta usage). */
    CallUsage usage();

    /**
     * The usage estimated from what was streamed, for a stream cut before its usage: marked estimated. Input is
     * {@code inputTokens} (the gateway's count of the request), or for Anthropic the message_start input when it
     * arrived; output is the tokens of everything generated so far (text, tool-call arguments, reasoning), and for
     * Anthropic at least the output message_delta already reported.
     */
    CallUsage estimate(long inputTokens, TokenCounter counter);

    /** The answer text streamed so far (content deltas, output_text deltas, text_delta), for the cache. */
    String text();

    /** An error event seen mid-stream (its type, e.g. overloaded_error), or null. */
    String error();
}

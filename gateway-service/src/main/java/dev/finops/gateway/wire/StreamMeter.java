package dev.finops.gateway.wire;

/**
 * Watches one upstream SSE stream frame by frame: finds its usage and its end, and says which frames the client
 * sees (a chat usage chunk the gateway asked for itself is hidden from a client that did not).
 */
public interface StreamMeter {

    /** A meter for this API; {@code hideUsageChunk}: drop the chat usage chunk (choices [] with usage). */
    static StreamMeter of(WireApi api, boolean hideUsageChunk) {
        throw new UnsupportedOperationException("TODO wire");
    }

    /** Reads a frame; true when it is to be relayed to the client. */
    boolean onFrame(SseFrame frame);

    /** The stream reached its end ([DONE], message_stop, or a response.completed|incomplete|failed event). */
    boolean finished();

    /** The provider's usage, once seen (for Anthropic: message_start plus the cumulative message_delta usage). */
    CallUsage usage();

    /** The usage estimated from what was streamed, for a stream cut before its usage: marked estimated. */
    CallUsage estimate(long inputTokens, TokenCounter counter);

    /** The answer text streamed so far (content deltas, output_text deltas, text_delta), for the cache. */
    String text();

    /** An error event seen mid-stream (its type, e.g. overloaded_error), or null. */
    String error();
}

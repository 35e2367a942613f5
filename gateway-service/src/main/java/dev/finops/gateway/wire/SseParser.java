package dev.finops.gateway.wire;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/** Splits a byte stream into SSE frames as the bytes arrive (LF or CRLF; frames may span chunks). */
public final class SseParser {

    /** The frames completed by this chunk, in order; an incomplete tail waits for the next chunk. */
    public List<SseFrame> feed(Buffer chunk) {
        throw new UnsupportedOperationException("TODO wire");
    }

    /** Whatever is left when the stream ends (an unterminated last frame), as frames. */
    public List<SseFrame> finish() {
        throw new UnsupportedOperationException("TODO wire");
    }
}

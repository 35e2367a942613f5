package dev.finops.gateway.wire;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/** A cached answer text served in the provider's shape: as a JSON response, or as the SSE frames of a stream. */
public final class CachedAnswer {

    private CachedAnswer() {
    }

    /** The answer text of a whole response body (the first choice's message, output text, or content blocks). */
    public static String textOf(WireApi api, com.fasterxml.jackson.databind.JsonNode responseBody) {
        throw new UnsupportedOperationException("TODO wire");
    }

    /** A complete response with this text and zero usage (a hit costs nothing). */
    public static Buffer json(WireApi api, String id, String model, String text) {
        throw new UnsupportedOperationException("TODO wire");
    }

    /** The frames of a stream with this text, ending as the API ends streams; a chat usage chunk only if asked. */
    public static List<Buffer> sse(WireApi api, String id, String model, String text, boolean includeUsage) {
        throw new UnsupportedOperationException("TODO wire");
    }
}

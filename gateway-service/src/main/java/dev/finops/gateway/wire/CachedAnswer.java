package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A cached answer text served in the provider's shape: as a JSON response, or as the SSE frames of a stream.
 * The shapes are the ones the official SDKs accumulate without complaint (the Responses stream, for one, must add
 * its output item and content part before the first text delta). Embeddings have no answer text: json and sse
 * refuse them with IllegalArgumentException, textOf gives null.
 */
public final class CachedAnswer {

    private CachedAnswer() {
    }

    /**
     * The answer text of a whole response body (the first choice's message, output text, or content blocks); null
     * when it has none (a tool call, a refusal), which is nothing to cache.
     */
    public static String textOf(WireApi api, JsonNode responseBody) {
        if (responseBody == null || !responseBody.isObject()) {
            return null;
        }
        return switch (api) {
            case CHAT -> ChatAnswer.textOf(responseBody);
            case RESPONSES -> ResponsesAnswer.textOf(responseBody);
            case MESSAGES -> MessagesAnswer.textOf(responseBody);
            case EMBEDDINGS -> null;
        };
    }

    /** A complete response with this text and zero usage (a hit costs nothing). */
    public static Buffer json(WireApi api, String id, String model, String text) {
        return json(api, id, model, text, Instant.now());
    }

    /** As {@link #json(WireApi, String, String, String)}, created at the given time (from the caller's Clock). */
    public static Buffer json(WireApi api, String id, String model, String text, Instant created) {
        String answer = text == null ? "" : text;
        return WireJson.buffer(switch (api) {
            case CHAT -> ChatAnswer.json(id, model, answer, created.getEpochSecond());
            case RESPONSES -> ResponsesAnswer.json(id, model, answer, created.getEpochSecond());
            case MESSAGES -> MessagesAnswer.json(id, model, answer);
            case EMBEDDINGS -> throw noAnswer();
        });
    }

    /** The frames of a stream with this text, ending as the API ends streams; a chat usage chunk only if asked. */
    public static List<Buffer> sse(WireApi api, String id, String model, String text, boolean includeUsage) {
        return sse(api, id, model, text, includeUsage, Instant.now());
    }

    /** As {@link #sse(WireApi, String, String, String, boolean)}, created at the given time. */
    public static List<Buffer> sse(WireApi api, String id, String model, String text, boolean includeUsage,
                                   Instant created) {
        String answer = text == null ? "" : text;
        return switch (api) {
            case CHAT -> ChatAnswer.sse(id, model, answer, created.getEpochSecond(), includeUsage);
            case RESPONSES -> ResponsesAnswer.sse(id, model, answer, created.getEpochSecond());
            case MESSAGES -> MessagesAnswer.sse(id, model, answer);
            case EMBEDDINGS -> throw noAnswer();
        };
    }

    private static IllegalArgumentException noAnswer() {
        return new IllegalArgumentException("embeddings have no answer text to serve from the cache");
    }

    /** {@code data: <json>} */
    static Buffer data(String data) {
        return utf8("data: " + data + "\n\n");
    }

    /** {@code event: <name>} and {@code data: <json>}, as Responses and Anthropic streams write every event. */
    static Buffer event(String name, JsonNode data) {
        return utf8("event: " + name + "\ndata: " + WireJson.compact(data) + "\n\n");
    }

    private static Buffer utf8(String text) {
        return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
    }
}

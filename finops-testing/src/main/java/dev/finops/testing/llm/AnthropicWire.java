package dev.finops.testing.llm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's Messages bodies and stream events as the API sends them: message_start (input usage, output 1),
 * content blocks, ping, message_delta with the cumulative usage, message_stop; errors as
 * {@code {"type":"error","error":{type,message}}}.
 */
final class AnthropicWire {

    private AnthropicWire() {
    }

    static JsonObject usage(StubUsage.Anthropic u, long outputTokens) {
        return new JsonObject().put("input_tokens", u.inputTokens())
                .put("cache_creation_input_tokens", u.cacheCreationInputTokens())
                .put("cache_read_input_tokens", u.cacheReadInputTokens())
                .put("cache_creation", new JsonObject().put("ephemeral_5m_input_tokens", u.cacheWrite5mInputTokens())
                        .put("ephemeral_1h_input_tokens", u.cacheWrite1hInputTokens()))
                .put("output_tokens", outputTokens).put("service_tier", "standard");
    }

    static JsonObject message(String id, String model, String text, String stopReason, StubUsage.Anthropic usage) {
        JsonArray content = text == null ? new JsonArray()
                : new JsonArray().add(new JsonObject().put("type", "text").put("text", text));
        return new JsonObject().put("id", id).put("type", "message").put("role", "assistant").put("model", model)
                .put("content", content).put("stop_reason", stopReason).putNull("stop_sequence")
                .put("usage", usage(usage, text == null ? 1 : usage.outputTokens()));
    }

    static List<String> stream(String model, List<String> deltas, String stopReason, StubUsage.Anthropic usage) {
        List<String> frames = new ArrayList<>();
        frames.add(event("message_start", new JsonObject().put("message",
                message("msg_" + OpenAiWire.id(), model, null, null, usage))));
        frames.add(event("content_block_start", new JsonObject().put("index", 0)
                .put("content_block", new JsonObject().put("type", "text").put("text", ""))));
        frames.add(event("ping", new JsonObject()));
        for (String d : deltas) {
            frames.add(event("content_block_delta", new JsonObject().put("index", 0)
                    .put("delta", new JsonObject().put("type", "text_delta").put("text", d))));
        }
        frames.add(event("content_block_stop", new JsonObject().put("index", 0)));
        // cumulative: the input and cache counts reappear, output is the total so far
        frames.add(event("message_delta", new JsonObject()
                .put("delta", new JsonObject().put("stop_reason", stopReason).putNull("stop_sequence"))
                .put("usage", new JsonObject().put("input_tokens", usage.inputTokens())
                        .put("cache_creation_input_tokens", usage.cacheCreationInputTokens())
                        .put("cache_read_input_tokens", usage.cacheReadInputTokens())
                        .put("output_tokens", usage.outputTokens()))));
        frames.add(event("message_stop", new JsonObject()));
        return frames;
    }

    static JsonObject error(String type, String message) {
        return new JsonObject().put("type", "error").put("error", new JsonObject().put("type", type)
                .put("message", message)).put("request_id", "req_" + OpenAiWire.id());
    }

    static String streamError(String type, String message) {
        return Sse.event("error", new JsonObject().put("type", "error")
                .put("error", new JsonObject().put("type", type).put("message", message)));
    }

    /** The error type Anthropic uses for a status. */
    static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    private static String event(String type, JsonObject body) {
        return Sse.event(type, new JsonObject().put("type", type).mergeIn(body));
    }
}

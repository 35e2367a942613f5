package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** A cached answer as a Chat Completion, or as its chunks: role, content, finish, [usage], [DONE]. */
final class ChatAnswer {

    private ChatAnswer() {
    }

    static String textOf(JsonNode body) {
        JsonNode content = body.path("choices").path(0).path("message").path("content");
        if (content.isTextual()) {
            return content.textValue();
        }
        return content.isArray() ? textParts(content) : null;
    }

    private static String textParts(JsonNode parts) {
        StringBuilder text = new StringBuilder();
        boolean any = false;
        for (JsonNode part : parts) {
            if ("text".equals(WireJson.text(part, "type")) && WireJson.text(part, "text") != null) {
                text.append(part.get("text").textValue());
                any = true;
            }
        }
        return any ? text.toString() : null;
    }

    static ObjectNode json(String id, String model, String text, long created) {
        ObjectNode message = WireJson.object().put("role", "assistant").put("content", text);
        message.putNull("refusal");
        ObjectNode choice = WireJson.object().put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        ObjectNode body = head(id, model, created, "chat.completion");
        body.set("choices", WireJson.NODES.arrayNode().add(choice));
        body.set("usage", zeroUsage());
        return body;
    }

    static List<Buffer> sse(String id, String model, String text, long created, boolean includeUsage) {
        List<Buffer> frames = new ArrayList<>();
        ObjectNode role = WireJson.object().put("role", "assistant").put("content", "");
        frames.add(chunk(id, model, created, includeUsage, role, null));
        if (!text.isEmpty()) {
            frames.add(chunk(id, model, created, includeUsage, WireJson.object().put("content", text), null));
        }
        frames.add(chunk(id, model, created, includeUsage, WireJson.object(), "stop"));
        if (includeUsage) {
            ObjectNode usage = head(id, model, created, "chat.completion.chunk");
            usage.set("choices", WireJson.NODES.arrayNode());
            usage.set("usage", zeroUsage());
            frames.add(CachedAnswer.data(WireJson.compact(usage)));
        }
        frames.add(CachedAnswer.data("[DONE]"));
        return frames;
    }

    /** One chunk; with include_usage every chunk but the usage chunk carries {@code "usage": null}, as OpenAI's do. */
    private static Buffer chunk(String id, String model, long created, boolean includeUsage, ObjectNode delta,
                                String finishReason) {
        ObjectNode choice = WireJson.object().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        ArrayNode choices = WireJson.NODES.arrayNode().add(choice);
        ObjectNode chunk = head(id, model, created, "chat.completion.chunk");
        chunk.set("choices", choices);
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return CachedAnswer.data(WireJson.compact(chunk));
    }

    private static ObjectNode head(String id, String model, long created, String object) {
        return WireJson.object().put("id", id).put("object", object).put("created", created).put("model", model);
    }

    private static ObjectNode zeroUsage() {
        ObjectNode usage = WireJson.object().put("prompt_tokens", 0).put("completion_tokens", 0)
                .put("total_tokens", 0);
        usage.set("prompt_tokens_details", WireJson.object().put("cached_tokens", 0));
        usage.set("completion_tokens_details", WireJson.object().put("reasoning_tokens", 0));
        return usage;
    }
}

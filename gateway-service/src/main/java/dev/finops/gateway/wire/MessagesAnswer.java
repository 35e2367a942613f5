package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A cached answer as an Anthropic message, or as its events: message_start, content_block_start,
 * content_block_delta, content_block_stop, message_delta, message_stop.
 */
final class MessagesAnswer {

    private MessagesAnswer() {
    }

    static String textOf(JsonNode body) {
        StringBuilder text = new StringBuilder();
        boolean any = false;
        for (JsonNode block : body.path("content")) {
            if ("text".equals(WireJson.text(block, "type")) && WireJson.text(block, "text") != null) {
                text.append(block.get("text").textValue());
                any = true;
            }
        }
        return any ? text.toString() : null;
    }

    static ObjectNode json(String id, String model, String text) {
        ObjectNode message = message(id, model);
        message.set("content", WireJson.NODES.arrayNode().add(textBlock(text)));
        message.put("stop_reason", "end_turn");
        return message;
    }

    static List<Buffer> sse(String id, String model, String text) {
        List<Buffer> frames = new ArrayList<>();
        ObjectNode start = message(id, model);
        start.set("content", WireJson.NODES.arrayNode());
        frames.add(event("message_start", WireJson.object().set("message", start)));
        frames.add(event("content_block_start", block().set("content_block", textBlock(""))));
        if (!text.isEmpty()) {
            ObjectNode delta = WireJson.object().put("type", "text_delta").put("text", text);
            frames.add(event("content_block_delta", block().set("delta", delta)));
        }
        frames.add(event("content_block_stop", block()));
        ObjectNode delta = WireJson.object().put("stop_reason", "end_turn");
        delta.putNull("stop_sequence");
        ObjectNode messageDelta = WireJson.object();
        messageDelta.set("delta", delta);
        messageDelta.set("usage", WireJson.object().put("output_tokens", 0));
        frames.add(event("message_delta", messageDelta));
        frames.add(event("message_stop", WireJson.object()));
        return frames;
    }

    private static Buffer event(String type, ObjectNode body) {
        ObjectNode typed = WireJson.object().put("type", type);
        typed.setAll(body);
        return CachedAnswer.event(type, typed);
    }

    /** A message without content yet: id, type, role, model, stop_reason null, stop_sequence null, zero usage. */
    private static ObjectNode message(String id, String model) {
        ObjectNode message = WireJson.object().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", WireJson.object().put("input_tokens", 0).put("output_tokens", 0));
        return message;
    }

    private static ObjectNode block() {
        return WireJson.object().put("index", 0);
    }

    private static ObjectNode textBlock(String text) {
        return WireJson.object().put("type", "text").put("text", text);
    }
}

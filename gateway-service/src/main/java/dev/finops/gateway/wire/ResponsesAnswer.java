package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A cached answer as a Responses API response, or as its events: created, in_progress, output_item.added,
 * content_part.added, output_text.delta, output_text.done, content_part.done, output_item.done, completed, each with
 * its sequence_number. The SDK's stream accumulator rejects a text delta whose item and part were never added.
 */
final class ResponsesAnswer {

    private ResponsesAnswer() {
    }

    static String textOf(JsonNode body) {
        StringBuilder text = new StringBuilder();
        boolean any = false;
        for (JsonNode item : body.path("output")) {
            if (!"message".equals(WireJson.text(item, "type"))) {
                continue;
            }
            for (JsonNode part : item.path("content")) {
                if ("output_text".equals(WireJson.text(part, "type")) && WireJson.text(part, "text") != null) {
                    text.append(part.get("text").textValue());
                    any = true;
                }
            }
        }
        // output_text is what the SDKs add to a response; a body saved from one may have only that
        return any ? text.toString() : WireJson.text(body, "output_text");
    }

    static ObjectNode json(String id, String model, String text, long created) {
        return response(id, model, created, "completed", WireJson.NODES.arrayNode().add(item(id, text, true)));
    }

    static List<Buffer> sse(String id, String model, String text, long created) {
        Events events = new Events();
        ObjectNode started = response(id, model, created, "in_progress", WireJson.NODES.arrayNode());
        started.putNull("usage");
        events.add("response.created", WireJson.object().set("response", started));
        events.add("response.in_progress", WireJson.object().set("response", started));
        events.add("response.output_item.added", output(0).set("item", item(id, "", false)));
        events.add("response.content_part.added", part(id).set("part", outputText("")));
        if (!text.isEmpty()) {
            events.add("response.output_text.delta", part(id).put("delta", text).set("logprobs", empty()));
        }
        events.add("response.output_text.done", part(id).put("text", text).set("logprobs", empty()));
        events.add("response.content_part.done", part(id).set("part", outputText(text)));
        events.add("response.output_item.done", output(0).set("item", item(id, text, true)));
        events.add("response.completed", WireJson.object().set("response", json(id, model, text, created)));
        return events.frames;
    }

    /** Numbers the events from 0, as the API does. */
    private static final class Events {
        private final List<Buffer> frames = new ArrayList<>();

        void add(String type, JsonNode event) {
            ObjectNode typed = WireJson.object().put("type", type);
            typed.setAll((ObjectNode) event);
            typed.put("sequence_number", frames.size());
            frames.add(CachedAnswer.event(type, typed));
        }
    }

    private static ObjectNode response(String id, String model, long created, String status, ArrayNode output) {
        ObjectNode response = WireJson.object().put("id", id).put("object", "response").put("created_at", created)
                .put("status", status);
        response.putNull("error");
        response.putNull("incomplete_details");
        response.put("model", model);
        response.set("output", output);
        response.set("usage", zeroUsage());
        return response;
    }

    private static ObjectNode item(String id, String text, boolean done) {
        ObjectNode item = WireJson.object().put("id", itemId(id)).put("type", "message")
                .put("status", done ? "completed" : "in_progress").put("role", "assistant");
        item.set("content", done ? WireJson.NODES.arrayNode().add(outputText(text)) : WireJson.NODES.arrayNode());
        return item;
    }

    private static ObjectNode outputText(String text) {
        ObjectNode part = WireJson.object().put("type", "output_text").put("text", text);
        part.set("annotations", empty());
        return part;
    }

    private static ObjectNode output(int index) {
        return WireJson.object().put("output_index", index);
    }

    private static ObjectNode part(String id) {
        return WireJson.object().put("item_id", itemId(id)).put("output_index", 0).put("content_index", 0);
    }

    private static String itemId(String id) {
        return "msg_" + id;
    }

    private static ArrayNode empty() {
        return WireJson.NODES.arrayNode();
    }

    private static ObjectNode zeroUsage() {
        ObjectNode usage = WireJson.object().put("input_tokens", 0);
        usage.set("input_tokens_details", WireJson.object().put("cached_tokens", 0));
        usage.put("output_tokens", 0);
        usage.set("output_tokens_details", WireJson.object().put("reasoning_tokens", 0));
        usage.put("total_tokens", 0);
        return usage;
    }
}

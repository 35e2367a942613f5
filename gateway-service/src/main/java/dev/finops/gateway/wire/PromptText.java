package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * The prompt of a request as one text, for the semantic cache and the token counter, e.g.
 *
 * <pre>
 * [@system] You are terse.
 * [user] What is on this picture?
 * [+] &lt;image_url sha256:0f3a…&gt;
 * [assistant] A cat.
 * </pre>
 *
 * One segment per message ({@code [role] }), one {@code [+] } per further part of it. Fields an API keeps beside the
 * messages are labelled with {@code @} ({@code @system}, {@code @instructions}, {@code @input}); items without a
 * role (tool calls and results in the Responses input) with {@code @item}. A non-text part is {@code <type>} and its
 * compact JSON, or a digest for media, whose base64 is neither prompt text nor a sensible embedding input.
 * Text is escaped so it can never forge a marker: a backslash is put before "[" or "\" that follows a newline, and
 * before "<" or "\" at the start of a part; roles and types outside {@code [A-Za-z0-9_.-]} are JSON-quoted. So two
 * prompts never render the same unless they differ only in what the model does not read: the spelling of a text
 * part's type (text/input_text/output_text), a text block's extras (cache_control), null fields, or the ids of
 * replayed Responses items.
 */
record PromptText(String text, int messages) {

    private static final Set<String> TEXT_TYPES = Set.of("text", "input_text", "output_text");
    private static final Set<String> MEDIA_TYPES = Set.of("image", "image_url", "input_image", "document", "file",
            "input_file", "input_audio", "audio");
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content");
    // a Responses message item also has a type ("message") and, when replayed from an output, an id and status
    private static final Set<String> ITEM_FIELDS = Set.of("role", "content", "type", "id", "status");

    static PromptText of(WireApi api, JsonNode json) {
        PromptWriter writer = new PromptWriter();
        switch (api) {
            case CHAT -> messages(writer, json.get("messages"));
            case MESSAGES -> {
                topLevel(writer, "@system", json.get("system"));
                messages(writer, json.get("messages"));
            }
            case RESPONSES -> {
                topLevel(writer, "@instructions", json.get("instructions"));
                responsesInput(writer, json.get("input"));
            }
            case EMBEDDINGS -> embeddingsInput(writer, json.get("input"));
        }
        return new PromptText(writer.text(), writer.messages());
    }

    private static void topLevel(PromptWriter writer, String label, JsonNode value) {
        if (WireJson.present(value)) {
            writer.start(label);
            content(writer, value);
        }
    }

    private static void messages(PromptWriter writer, JsonNode messages) {
        for (JsonNode message : messages) {
            message(writer, message, MESSAGE_FIELDS);
        }
    }

    private static void message(PromptWriter writer, JsonNode message, Set<String> known) {
        writer.start(PromptWriter.label(WireJson.text(message, "role")));
        content(writer, message.get("content"));
        // tool calls, tool_call_id, name…: part of what the model sees, so part of the key
        for (Map.Entry<String, JsonNode> field : message.properties()) {
            if (!known.contains(field.getKey()) && !field.getValue().isNull()) {
                writer.json(field.getKey(), field.getValue());
            }
        }
    }

    private static void content(PromptWriter writer, JsonNode content) {
        if (!WireJson.present(content)) {
            return;
        }
        if (content.isTextual()) {
            writer.text(content.textValue());
        } else if (content.isArray()) {
            content.forEach(part -> part(writer, part));
        } else {
            writer.json("content", content);
        }
    }

    private static void part(PromptWriter writer, JsonNode part) {
        String type = WireJson.text(part, "type");
        String text = WireJson.text(part, "text");
        if (part.isTextual()) {
            writer.text(part.textValue());
        } else if (text != null && TEXT_TYPES.contains(type)) {
            writer.text(text);
        } else if (MEDIA_TYPES.contains(type)) {
            writer.digest(type, part);
        } else {
            writer.json(type == null ? "part" : type, part);
        }
    }

    private static void responsesInput(PromptWriter writer, JsonNode input) {
        if (input.isTextual()) {
            // a string input is one user message
            writer.start("user");
            writer.text(input.textValue());
            return;
        }
        for (JsonNode item : input) {
            if (WireJson.text(item, "role") != null) {
                message(writer, item, ITEM_FIELDS);
            } else {
                String type = WireJson.text(item, "type");
                writer.start("@item");
                writer.json(type == null ? "item" : type, item);
            }
        }
    }

    private static void embeddingsInput(PromptWriter writer, JsonNode input) {
        if (input.isTextual() || allNumbers(input)) {
            embeddingInput(writer, input);
        } else {
            input.forEach(item -> embeddingInput(writer, item));
        }
    }

    private static void embeddingInput(PromptWriter writer, JsonNode item) {
        writer.start("@input");
        if (item.isTextual()) {
            writer.text(item.textValue());
        } else {
            writer.json(allNumbers(item) ? "tokens" : "input", item);
        }
    }

    /** An array of token ids: embeddings accept one input as tokens instead of text. */
    static boolean allNumbers(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (JsonNode item : node) {
            if (!item.isNumber()) {
                return false;
            }
        }
        return true;
    }
}

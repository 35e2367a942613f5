package dev.finops.cache.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finops.cache.CacheKey;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits a prompt into its scope (system messages, earlier turns, parameters, tools → one hash) and the compared text
 * (the last user message), validating as it goes: bad input is a 400 naming the field, an oversized text a 413.
 */
public final class Prompts {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Prompts() {
    }

    public static CacheKey key(String namespace, String model, String prompt, JsonNode messages, JsonNode parameters,
                               JsonNode tools, int maxChars) {
        requireNamespace(namespace);
        if (model == null || model.isBlank() || model.length() > 200) {
            throw ProblemException.badRequest("model", "required, at most 200 characters");
        }
        if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
            throw ProblemException.badRequest("parameters", "must be a JSON object (temperature, top_p, tools, ...)");
        }
        if (tools != null && !tools.isNull() && !tools.isArray()) {
            throw ProblemException.badRequest("tools", "must be a JSON array of tool definitions");
        }
        boolean hasMessages = messages != null && !messages.isNull();
        if ((prompt != null) == hasMessages) {
            throw ProblemException.badRequest(prompt == null ? "prompt" : "messages",
                    "send either 'prompt' (text) or 'messages' (OpenAI-style array), exactly one of them");
        }
        ArrayNode scope = JsonNodeFactory.instance.arrayNode();
        String text;
        String field;
        if (prompt != null) {
            text = prompt;
            field = "prompt";
        } else {
            int last = lastUserMessage(messages);
            field = "messages[" + last + "].content";
            text = content(messages.get(last), field);
            for (int i = 0; i < messages.size(); i++) {
                if (i != last) {
                    scope.add(JsonNodeFactory.instance.objectNode().put("role", messages.get(i).get("role").asText())
                            .put("content", content(messages.get(i), "messages[" + i + "].content")));
                }
            }
        }
        if (text.isBlank()) {
            throw ProblemException.badRequest(field, "must not be empty");
        }
        if (text.length() > maxChars) {
            throw new ProblemException(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    field + ": " + text.length() + " characters; at most " + maxChars + " are cached",
                    List.of(new FieldError(field, "at most " + maxChars + " characters")));
        }
        ObjectNode scopeDoc = JsonNodeFactory.instance.objectNode();
        scopeDoc.set("messages", scope);
        scopeDoc.set("parameters", parameters == null ? JsonNodeFactory.instance.nullNode() : parameters);
        scopeDoc.set("tools", tools == null ? JsonNodeFactory.instance.nullNode() : tools);
        return new CacheKey(namespace, model, sha256(canonical(scopeDoc)), text, sha256(normalise(text)), null);
    }

    public static void requireNamespace(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw ProblemException.badRequest("namespace",
                    "required: 1-128 characters of letters, digits and . _ : / -, starting with a letter or digit");
        }
    }

    /** What the exact path compares: Unicode-normalised, case-folded, whitespace collapsed. */
    static String normalise(String text) {
        return SPACES.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)).replaceAll(" ")
                .strip();
    }

    private static int lastUserMessage(JsonNode messages) {
        if (!messages.isArray() || messages.isEmpty()) {
            throw ProblemException.badRequest("messages", "must be a non-empty array of {role, content}");
        }
        int last = -1;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode role = messages.get(i).get("role");
            if (role == null || !role.isTextual()) {
                throw ProblemException.badRequest("messages[" + i + "].role", "required (system, user, assistant, tool)");
            }
            if ("user".equals(role.asText())) {
                last = i;
            }
        }
        if (last < 0) {
            throw ProblemException.badRequest("messages", "needs at least one message with role 'user'");
        }
        return last;
    }

    /** A message's text: a string, or the text parts of an array of content parts. */
    private static String content(JsonNode message, String field) {
        JsonNode c = message.get("content");
        if (c == null || c.isNull()) {
            return "";
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) {
                if (part.hasNonNull("text")) {
                    sb.append(sb.isEmpty() ? "" : "\n").append(part.get("text").asText());
                }
            }
            return sb.toString();
        }
        throw ProblemException.badRequest(field, "must be a string or an array of content parts");
    }

    private static String canonical(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(node, Object.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

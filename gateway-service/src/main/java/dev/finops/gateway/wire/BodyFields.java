package dev.finops.gateway.wire;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finops.gateway.error.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Reads a caller's body and checks the types of its fields. Every refusal is INVALID with the field as param and a
 * message that starts with it ("stream: must be true or false"), never a parser's class name.
 */
final class BodyFields {

    static final long ABSENT = -1;

    private BodyFields() {
    }

    static ObjectNode parse(Buffer body) {
        if (body == null || body.length() == 0) {
            throw invalid("body", "is empty; send a JSON object");
        }
        JsonNode json;
        try {
            json = WireJson.BODIES.readTree(body.getBytes());
        } catch (JsonProcessingException e) {
            throw invalid("body", "is not valid JSON" + where(e.getLocation()));
        } catch (IOException e) {
            throw invalid("body", "could not be read as JSON");
        }
        if (json == null || !json.isObject()) {
            throw invalid("body", "must be a JSON object");
        }
        return (ObjectNode) json;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    static String requiredString(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (!WireJson.present(value)) {
            throw invalid(field, "is required");
        }
        if (!value.isTextual()) {
            throw invalid(field, "must be a string");
        }
        if (value.textValue().isBlank()) {
            throw invalid(field, "must not be empty");
        }
        return value.textValue();
    }

    static String optionalString(JsonNode json, String field, String path) {
        JsonNode value = json.get(field);
        if (!WireJson.present(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(path, "must be a string");
        }
        return value.textValue();
    }

    static boolean optionalBoolean(JsonNode json, String field, String path) {
        JsonNode value = json.get(field);
        if (!WireJson.present(value)) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid(path, "must be true or false");
        }
        return value.booleanValue();
    }

    /** An object, or null when absent or JSON null. */
    static JsonNode optionalObject(JsonNode json, String field, String path) {
        JsonNode value = json.get(field);
        if (!WireJson.present(value)) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid(path, "must be an object");
        }
        return value;
    }

    /** A whole number of at least 1, or ABSENT. */
    static long optionalPositive(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (!WireJson.present(value)) {
            return ABSENT;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1) {
            throw invalid(field, "must be a whole number of at least 1");
        }
        return value.longValue();
    }

    static long requiredPositive(JsonNode json, String field) {
        long value = optionalPositive(json, field);
        if (value == ABSENT) {
            throw invalid(field, "is required");
        }
        return value;
    }

    /** A non-empty array of objects (chat and Anthropic messages). */
    static void requireMessages(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (!WireJson.present(value)) {
            throw invalid(field, "is required");
        }
        if (!value.isArray() || value.isEmpty()) {
            throw invalid(field, "must be a non-empty array");
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw invalid(field + "[" + i + "]", "must be an object");
            }
        }
    }

    /** A string or a non-empty array (Responses and embeddings input). */
    static void requireInput(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (!WireJson.present(value)) {
            throw invalid(field, "is required");
        }
        if (!value.isTextual() && !value.isArray()) {
            throw invalid(field, "must be a string or an array");
        }
        if (value.isArray() && value.isEmpty()) {
            throw invalid(field, "must not be empty");
        }
    }

    /** A string or an array (Anthropic system), when present. */
    static void optionalTextOrArray(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (WireJson.present(value) && !value.isTextual() && !value.isArray()) {
            throw invalid(field, "must be a string or an array of text blocks");
        }
    }

    static GatewayException invalid(String field, String problem) {
        return GatewayException.invalid(field, field + ": " + problem);
    }
}

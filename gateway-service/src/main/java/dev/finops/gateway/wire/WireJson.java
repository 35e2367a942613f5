package dev.finops.gateway.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

/** The two JSON mappers of the wire package and the few node helpers its classes share. */
final class WireJson {

    /** Base64 images and documents travel inside request strings; the HTTP layer caps the body size, not Jackson. */
    private static final int MAX_STRING_CHARS = 64 * 1024 * 1024;

    /**
     * Caller bodies: decimals read exactly and written back as they came (so unknown fields reach the provider
     * unchanged), and trailing garbage after the object is an error rather than silently ignored.
     */
    static final ObjectMapper BODIES = JsonMapper.builder(factory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** Provider frames and responses, which the gateway only reads. */
    static final ObjectMapper PROVIDER = JsonMapper.builder(factory()).build();

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireJson() {
    }

    private static JsonFactory factory() {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS).build())
                .build();
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A provider frame's JSON, or null when it is not JSON (relays never fail on what they cannot read). */
    static JsonNode readProvider(String data) {
        if (data == null || data.isEmpty()) {
            return null;
        }
        try {
            return PROVIDER.readTree(data);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static Buffer buffer(JsonNode node) {
        try {
            return Buffer.buffer(PROVIDER.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    static String compact(JsonNode node) {
        try {
            return PROVIDER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** The string value of a field, or null when it is absent or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** The object in a field, or null when it is absent or not an object. */
    static JsonNode object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isObject() ? value : null;
    }

    static boolean present(JsonNode value) {
        return value != null && !value.isNull() && !value.isMissingNode();
    }
}

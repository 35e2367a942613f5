package dev.finops.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.http.problem.FieldError;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Typed reads of one JSON object's fields that collect every problem with its path
 * ({@code [3].inputTokens}) instead of stopping at the first.
 */
public final class FieldReader {

    static final int MAX_TEXT = 256;
    static final int MAX_TAGS = 50;

    final String prefix;
    final Integer index;
    private final List<FieldError> errors;

    public FieldReader(String prefix, Integer index) {
        this(prefix, index, new ArrayList<>());
    }

    private FieldReader(String prefix, Integer index, List<FieldError> errors) {
        this.prefix = prefix;
        this.index = index;
        this.errors = errors;
    }

    public FieldReader nested(String field) {
        return new FieldReader(path(field), index, errors);
    }

    public String path(String field) {
        if (field.isEmpty()) {
            return prefix.isEmpty() ? "body" : prefix;
        }
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    public void error(String field, String message) {
        errors.add(new FieldError(path(field), message, index));
    }

    public String text(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            error(field, "must be a non-empty string");
            return null;
        }
        if (v.textValue().length() > MAX_TEXT) {
            error(field, "must be at most " + MAX_TEXT + " characters");
            return null;
        }
        return v.textValue();
    }

    /** A non-negative whole number of tokens; missing optional counts are 0, errors read as 0. */
    public long count(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            error(field, "must be a whole number");
            return 0;
        }
        if (v.longValue() < 0) {
            error(field, "must not be negative");
            return 0;
        }
        return v.longValue();
    }

    public Integer integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            error(field, "must be a non-negative whole number");
            return null;
        }
        return v.intValue();
    }

    /** An optional boolean; missing or null is false. */
    public boolean flag(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            error(field, "must be true or false");
            return false;
        }
        return v.booleanValue();
    }

    public Instant timestamp(JsonNode node, Instant notAfter, Instant notBefore) {
        String raw = text(node, "timestamp", true);
        if (raw == null) {
            return null;
        }
        Instant ts;
        try {
            ts = OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            error("timestamp", "must be an ISO-8601 timestamp with offset, e.g. 2026-11-23T10:15:30Z");
            return null;
        }
        if (ts.isAfter(notAfter)) {
            error("timestamp", "is more than the allowed clock skew in the future");
            return null;
        }
        if (ts.isBefore(notBefore)) {
            error("timestamp", "is older than the raw-event retention window (finops.ingest.retention-days)");
            return null;
        }
        return ts;
    }

    public SortedMap<String, String> tags(JsonNode node) {
        SortedMap<String, String> tags = new TreeMap<>();
        JsonNode v = node.get("tags");
        if (v == null || v.isNull()) {
            return tags;
        }
        if (!v.isObject()) {
            error("tags", "must be an object of string values");
            return tags;
        }
        if (v.size() > MAX_TAGS) {
            error("tags", "must have at most " + MAX_TAGS + " entries");
            return tags;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (!value.isTextual() || value.textValue().length() > MAX_TEXT || e.getKey().length() > MAX_TEXT) {
                error("tags." + e.getKey(), "must be a string of at most " + MAX_TEXT + " characters");
            } else {
                tags.put(e.getKey(), value.textValue());
            }
        }
        return tags;
    }

    public List<FieldError> errors() {
        return errors;
    }
}

package dev.finops.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.cost.TokenUsage;
import dev.finops.cost.UsageReader;
import dev.finops.http.problem.FieldError;
import dev.finops.ingest.UsageEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads one usage event from JSON: the canonical shape or a provider's native usage object
 * (OpenAI Chat Completions, OpenAI Responses, Anthropic Messages) in {@code usage}.
 * Collects every problem with its field path instead of stopping at the first.
 */
public final class UsageEventParser {

    static final int MAX_TEXT = 256;
    static final int MAX_TAGS = 50;
    private static final Set<String> STATUSES = Set.of("ok", "error");
    private static final List<String> ATTRIBUTION = List.of("teamId", "agentId", "feature", "environment",
            "customerId", "sessionId", "runId");

    private final List<String> requiredTags;

    public UsageEventParser(List<String> requiredTags) {
        this.requiredTags = List.copyOf(requiredTags);
    }

    /** The parsed event, or the problems found; {@code prefix} is the item's path in a batch ("[3]"), or "". */
    public record Result(UsageEvent event, List<FieldError> errors) {
    }

    public Result parse(JsonNode node, String prefix, Integer index, Instant notAfter, Instant notBefore) {
        Item item = new Item(prefix, index);
        if (node == null || !node.isObject()) {
            item.error("", "each event must be a JSON object");
            return new Result(null, item.errors);
        }
        String eventId = item.text(node, "eventId", true);
        Instant timestamp = item.timestamp(node, notAfter, notBefore);
        String model = item.text(node, "model", true);
        String provider = item.text(node, "provider", false);
        TokenUsage tokens = tokens(node, item);
        Integer latencyMs = item.integer(node, "latencyMs");
        Integer toolCalls = item.integer(node, "toolCalls");
        String status = item.text(node, "status", false);
        if (status != null && !STATUSES.contains(status)) {
            item.error("status", "must be 'ok' or 'error'");
        }
        Map<String, String> attribution = new TreeMap<>();
        for (String field : ATTRIBUTION) {
            attribution.put(field, item.text(node, field, false));
        }
        SortedMap<String, String> tags = item.tags(node);
        if (!item.errors.isEmpty()) {
            return new Result(null, item.errors);
        }
        UsageEvent event = new UsageEvent(eventId, attribution.get("teamId"), timestamp, provider, model, tokens,
                latencyMs, status == null ? "ok" : status, attribution.get("agentId"), attribution.get("feature"),
                attribution.get("environment"), attribution.get("customerId"), attribution.get("sessionId"),
                attribution.get("runId"), toolCalls, tags);
        for (String required : requiredTags) {
            String value = event.attribute(required);
            if (value == null || value.isBlank()) {
                item.error(ATTRIBUTION.contains(required) ? required : "tags." + required,
                        "is required by this installation (finops.ingest.required-tags)");
            }
        }
        return item.errors.isEmpty() ? new Result(event, List.of()) : new Result(null, item.errors);
    }

    /** Canonical fields or a provider usage object, read by the shared {@link UsageReader} (quotes use it too). */
    private static TokenUsage tokens(JsonNode node, Item item) {
        UsageReader.Result result = UsageReader.read(node);
        result.problems().forEach(p -> item.error(p.field(), p.message()));
        return result.tokens();
    }

    /** Error collection and typed reads for one event (or one nested object of it). */
    static final class Item {
        final String prefix;
        final Integer index;
        final List<FieldError> errors;

        Item(String prefix, Integer index) {
            this(prefix, index, new ArrayList<>());
        }

        private Item(String prefix, Integer index, List<FieldError> errors) {
            this.prefix = prefix;
            this.index = index;
            this.errors = errors;
        }

        Item nested(String field) {
            return new Item(path(field), index, errors);
        }

        String path(String field) {
            if (field.isEmpty()) {
                return prefix.isEmpty() ? "body" : prefix;
            }
            return prefix.isEmpty() ? field : prefix + "." + field;
        }

        void error(String field, String message) {
            errors.add(new FieldError(path(field), message, index));
        }

        String text(JsonNode node, String field, boolean required) {
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
        long count(JsonNode node, String field, boolean required) {
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

        Integer integer(JsonNode node, String field) {
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

        TokenUsage checkedUsage(long input, long cached, long cacheWrite, long output, long reasoning,
                                String cachedField, String reasoningField) {
            int before = errors.size();
            if (cached + cacheWrite > input) {
                error(cachedField, "cached and cache-write input tokens are part of the input tokens and cannot exceed them");
            }
            if (reasoning > output) {
                error(reasoningField, "reasoning tokens are part of the output tokens and cannot exceed them");
            }
            return errors.size() > before ? null : new TokenUsage(input, cached, cacheWrite, output, reasoning);
        }

        Instant timestamp(JsonNode node, Instant notAfter, Instant notBefore) {
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

        SortedMap<String, String> tags(JsonNode node) {
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
    }
}

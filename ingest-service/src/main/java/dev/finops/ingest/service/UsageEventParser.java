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
 * (OpenAI Chat Completions, OpenAI Responses, Anthropic Messages, Gemini, Bedrock) in {@code usage}, read by the
 * shared {@link UsageReader} (quotes use it too), with the call's serviceTier, requests and searchQueries.
 * Collects every problem with its field path instead of stopping at the first.
 */
public final class UsageEventParser {

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
        FieldReader item = new FieldReader(prefix, index);
        if (node == null || !node.isObject()) {
            item.error("", "each event must be a JSON object");
            return new Result(null, item.errors());
        }
        String eventId = item.text(node, "eventId", true);
        Instant timestamp = item.timestamp(node, notAfter, notBefore);
        String model = item.text(node, "model", true);
        String provider = item.text(node, "provider", false);
        UsageReader.Result usage = UsageReader.read(node);
        usage.problems().forEach(p -> item.error(p.field(), p.message()));
        TokenUsage tokens = usage.tokens();
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
        boolean cachedTokensUnknown = item.flag(node, "cachedTokensUnknown");
        if (!item.errors().isEmpty()) {
            return new Result(null, item.errors());
        }
        UsageEvent event = new UsageEvent(eventId, attribution.get("teamId"), timestamp, provider, model, tokens,
                latencyMs, status == null ? "ok" : status, attribution.get("agentId"), attribution.get("feature"),
                attribution.get("environment"), attribution.get("customerId"), attribution.get("sessionId"),
                attribution.get("runId"), toolCalls, tags, cachedTokensUnknown, usage.charges());
        for (String required : requiredTags) {
            String value = event.attribute(required);
            if (value == null || value.isBlank()) {
                item.error(ATTRIBUTION.contains(required) ? required : "tags." + required,
                        "is required by this installation (finops.ingest.required-tags)");
            }
        }
        return item.errors().isEmpty() ? new Result(event, List.of()) : new Result(null, item.errors());
    }
}

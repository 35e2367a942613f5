package dev.finops.gateway.outbox.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finops.cost.TokenUsage;
import dev.finops.gateway.attribution.Attribution;
import dev.finops.gateway.error.GatewayException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A usage record as the event object ingest's {@code POST /api/v1/usage} takes (ingest's UsageEventParser): null
 * fields are left out, the attribution's tags and the record's own are merged (the record's win).
 */
final class UsageJson {

    private UsageJson() {
    }

    static String of(UsageRecord r) {
        // the fields ingest requires: a record without them is the caller's bug, refused now rather than dead later
        require(r.eventId(), "eventId");
        require(r.model(), "model");
        if (r.timestamp() == null) {
            throw GatewayException.invalid("timestamp", "a usage record needs the call's timestamp");
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        text(n, "eventId", r.eventId());
        n.put("timestamp", r.timestamp().toString());
        text(n, "provider", r.provider());
        text(n, "model", r.model());
        TokenUsage t = r.tokens();
        if (t != null) {
            n.put("inputTokens", t.inputTokens());
            n.put("cachedInputTokens", t.cachedInputTokens());
            n.put("cacheWriteInputTokens", t.cacheWriteInputTokens());
            n.put("outputTokens", t.outputTokens());
            n.put("reasoningTokens", t.reasoningTokens());
        }
        if (r.latencyMs() >= 0) {  // a negative latency (a clock step) tells nothing: left out rather than refused
            n.put("latencyMs", Math.min(r.latencyMs(), Integer.MAX_VALUE));
        }
        text(n, "status", r.status());
        Attribution a = r.attribution();
        Map<String, String> tags = new TreeMap<>();
        if (a != null) {
            text(n, "teamId", a.teamId());
            text(n, "agentId", a.agentId());
            text(n, "feature", a.feature());
            text(n, "environment", a.environment());
            text(n, "customerId", a.customerId());
            text(n, "sessionId", a.sessionId());
            text(n, "runId", a.runId());
            tags.putAll(a.tags());
        }
        if (r.tags() != null) {
            r.tags().forEach((k, v) -> {
                if (k != null && v != null) {
                    tags.put(k, v);
                }
            });
        }
        if (!tags.isEmpty()) {
            ObjectNode object = n.putObject("tags");
            tags.forEach((k, v) -> object.put(clean(k), clean(v)));
        }
        return n.toString();
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw GatewayException.invalid(field, "a usage record needs " + field);
        }
    }

    private static void text(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, clean(value));
        }
    }

    /** Postgres jsonb (and ingest's text columns) cannot hold U+0000; a header could smuggle one in. */
    private static String clean(String s) {
        return s.indexOf('\u0000') < 0 ? s : s.replace("\u0000", "");
    }
}

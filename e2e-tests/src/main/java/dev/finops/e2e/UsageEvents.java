package dev.finops.e2e;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Usage events as a workload posts them to ingest-service. */
public final class UsageEvents {

    private UsageEvents() {
    }

    /** One event happening now; {@code attribution}: agentId, sessionId, teamId, feature, … */
    public static Map<String, Object> event(String eventId, String model, int inputTokens, int outputTokens,
                                            Map<String, Object> attribution) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", eventId);
        e.put("timestamp", Instant.now().toString());
        e.put("model", model);
        e.put("inputTokens", inputTokens);
        e.put("outputTokens", outputTokens);
        e.putAll(attribution);
        return e;
    }
}

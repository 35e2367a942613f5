package dev.finops.budget.rest;

import java.util.Map;

/**
 * An alert handed over by another service (e.g. anomaly-service) for delivery; dedupKey makes it fire once.
 * {@code state} "resolved" (default "firing") ends the condition of the firing alert with the same dedupKey:
 * it is delivered once too, and PagerDuty resolves the incident. {@code teamId} (or, as anomaly-service sends it,
 * {@code details.teamId}): the team it is about, whose channels get it; none: org channels only.
 */
public record AlertRequest(String type, String severity, String dedupKey, String summary, Map<String, Object> details,
                           String state, String teamId) {

    /** The team named at the top, else in the details. */
    public String team() {
        if (teamId != null && !teamId.isBlank()) {
            return teamId.strip();
        }
        Object nested = details == null ? null : details.get("teamId");
        return nested instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}

package dev.finops.budget.rest;

import java.util.Map;

/**
 * An alert handed over by another service (e.g. anomaly-service) for delivery; dedupKey makes it fire once.
 * {@code state} "resolved" (default "firing") ends the condition of the firing alert with the same dedupKey:
 * it is delivered once too, and PagerDuty resolves the incident.
 */
public record AlertRequest(String type, String severity, String dedupKey, String summary, Map<String, Object> details,
                           String state) {
}

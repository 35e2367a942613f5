package dev.finops.budget.rest;

import java.math.BigDecimal;

/**
 * May this caller spend now? The attribution of the coming call (as in a usage event) and, optionally, its
 * estimated cost, which is reserved until the usage event with this {@code eventId} (or {@code runId}) arrives.
 */
public record CheckRequest(String teamId, String agentId, String customerId, String feature, String environment,
                           String model, BigDecimal estimatedCostUsd, String eventId, String runId) {
}

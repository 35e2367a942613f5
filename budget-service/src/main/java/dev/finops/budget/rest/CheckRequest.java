package dev.finops.budget.rest;

import java.math.BigDecimal;

/**
 * May this caller spend now? The attribution of the coming call (as in a usage event) and, optionally, its
 * estimated cost — in USD, or as tokens that pricing-service values for {@code model} — which is reserved until
 * the usage event with this {@code eventId} (or {@code runId}) arrives.
 */
public record CheckRequest(String teamId, String agentId, String customerId, String feature, String environment,
                           String model, BigDecimal estimatedCostUsd, Long estimatedInputTokens,
                           Long estimatedOutputTokens, String eventId, String runId) {

    public boolean hasTokenEstimate() {
        return estimatedInputTokens != null || estimatedOutputTokens != null;
    }
}

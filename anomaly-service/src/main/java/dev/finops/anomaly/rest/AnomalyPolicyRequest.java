package dev.finops.anomaly.rest;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;

/** Body of {@code PUT /api/v1/finops/anomaly-policies/{agentId}}. */
public record AnomalyPolicyRequest(
        @NotNull(message = "is required (e.g. 6: anomalous above 6x the agent's baseline)")
        @DecimalMin(value = "1", message = "must be at least 1 (a session at its baseline is not anomalous)")
        @DecimalMax(value = "1000", message = "must be at most 1000") BigDecimal multiplier) {
}

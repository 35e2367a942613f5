package dev.finops.anomaly.rest;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;

/** Body of {@code PUT /api/v1/finops/baselines/{agentId}}: the expected USD/hour, exact decimal, above 0. */
public record BaselineRequest(
        @NotNull(message = "is required (expected USD per hour, e.g. 0.50)")
        @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0") BigDecimal baselineUsdPerHour) {
}

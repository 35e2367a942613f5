package dev.finops.anomaly;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An agent's own session burn-rate multiplier: its sessions are anomalous above baseline x multiplier. Wins over
 * {@code finops.anomaly.agent-multiplier} and the default. {@code managedBy}: the resource it came from, if any;
 * {@code teamId}: the team it belongs to (absent: the org's).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnomalyPolicy(String agentId, BigDecimal multiplier, String managedBy, Instant updatedAt, String teamId) {
}

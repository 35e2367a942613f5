package dev.finops.anomaly;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An agent's expected USD/hour: set by an admin or team-admin ({@code manual}) or the median of its active hours
 * ({@code auto}). {@code teamId}: the team it belongs to (absent: the org's).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Baseline(String agentId, BigDecimal baselineUsdPerHour, String source, Integer activeHours,
                       Instant updatedAt, String teamId) {

    public static final String MANUAL = "manual";
    public static final String AUTO = "auto";
}

package dev.finops.anomaly;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One anomaly episode as the history shows it: open until its condition has cleared for long enough. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Anomaly(UUID id, String dedupKey, String type, String scope, String scopeId, String agentId,
                      String teamId, String state, Instant firstSeen, Instant lastSeen, Instant resolvedAt,
                      BigDecimal observed, BigDecimal expected, BigDecimal ratio, BigDecimal peakRatio,
                      BigDecimal threshold, String explanation, @JsonIgnore Instant clearSince) {

    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";

    /** The types of anomaly, as {@code type} in the history and in alerts. */
    public static final java.util.List<String> TYPES = java.util.List.of("session_burn_rate", "daily_spend",
            "agent_hourly_cost", "tokens_per_call", "error_rate", "weekly_growth");
}

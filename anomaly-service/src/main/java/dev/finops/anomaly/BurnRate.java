package dev.finops.anomaly;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** One active session's spend in the sliding window, as {@code GET /api/v1/finops/burn-rates/active} shows it. */
public record BurnRate(String sessionId, String agentId, String teamId, BigDecimal windowUsd,
                       BigDecimal burnRateUsdPerHour, Instant windowStart, Instant lastEventAt, long calls,
                       @JsonIgnore long tokens, @JsonIgnore long errors) {

    /** Average tokens per call in the window (0 without calls). */
    public BigDecimal tokensPerCall() {
        return calls == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(tokens).divide(BigDecimal.valueOf(calls), 2, RoundingMode.HALF_EVEN);
    }
}

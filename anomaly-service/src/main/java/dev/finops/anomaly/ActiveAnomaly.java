package dev.finops.anomaly;

import java.math.BigDecimal;
import java.time.Instant;

/** A session burning faster than its agent's baseline allows: the reference shape plus detectedAt and teamId. */
public record ActiveAnomaly(String sessionId, String agentId, BigDecimal burnRateUsdPerHour,
                            BigDecimal baselineUsdPerHour, BigDecimal anomalyRatio, Instant detectedAt, String teamId) {
}

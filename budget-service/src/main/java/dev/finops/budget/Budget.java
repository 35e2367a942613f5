package dev.finops.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * A spend limit for a scope over a recurring period; optionally a hard limit at which calls are refused and a
 * token ceiling per run (runId) past which a run's calls are refused.
 */
public record Budget(UUID id, String name, BudgetScope scope, PeriodKind period, ZoneId timezone, BigDecimal amountUsd,
                     List<BigDecimal> alertAtPercent, BigDecimal hardLimitPercent, Long maxTokensPerRun,
                     boolean enabled, Instant createdAt, Instant updatedAt) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public BudgetPeriod periodAt(Instant instant) {
        return BudgetPeriod.containing(period, timezone, instant);
    }

    /** The spend at which calls are refused, or null when the budget only alerts. */
    public BigDecimal hardLimitUsd() {
        return hardLimitPercent == null ? null : percentOfAmount(hardLimitPercent);
    }

    public BigDecimal percentOfAmount(BigDecimal percent) {
        return amountUsd.multiply(percent).divide(HUNDRED);
    }

    /** spent as a percentage of the amount, to 4 decimal places. */
    public BigDecimal percentSpent(BigDecimal spent) {
        return spent.multiply(HUNDRED).divide(amountUsd, 4, RoundingMode.HALF_UP);
    }
}

package dev.finops.budget.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Spend and open reservations of one budget in one period. */
public record PeriodSpend(UUID budgetId, Instant periodStart, BigDecimal spentUsd, BigDecimal reservedUsd) {

    public static PeriodSpend empty(UUID budgetId, Instant periodStart) {
        return new PeriodSpend(budgetId, periodStart, BigDecimal.ZERO, BigDecimal.ZERO);
    }
}

package dev.finops.budget.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Where a budget stands in its current period. state: ok, warning, exceeded (over amount), blocked (at hard limit).
 * provisionalUsd: the part of spentUsd valued at a provisional rate (models without a rate yet; issue 18).
 */
public record BudgetStatus(UUID budgetId, String name, String period, String timezone, Instant periodStart,
                           Instant periodEnd, BigDecimal amountUsd, BigDecimal hardLimitUsd, BigDecimal spentUsd,
                           BigDecimal reservedUsd, BigDecimal percent, BigDecimal remainingUsd,
                           BigDecimal projectedUsd, String state, BigDecimal provisionalUsd) {
}

package dev.finops.budget.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An allowed check: every matching budget with what remains of it, and the reservation taken, if any. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResult(boolean allowed, UUID reservationId, List<BudgetRoom> budgets) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BudgetRoom(UUID budgetId, String name, BigDecimal spentUsd, BigDecimal reservedUsd,
                             BigDecimal amountUsd, BigDecimal limitUsd, BigDecimal remainingUsd, Instant periodEnd) {
    }
}

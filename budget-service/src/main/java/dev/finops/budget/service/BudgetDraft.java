package dev.finops.budget.service;

import dev.finops.budget.BudgetScope;
import dev.finops.budget.PeriodKind;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;

/** A validated budget definition, ready to store. */
public record BudgetDraft(String name, BudgetScope scope, PeriodKind period, ZoneId timezone, BigDecimal amountUsd,
                          List<BigDecimal> alertAtPercent, BigDecimal hardLimitPercent, Long maxTokensPerRun,
                          boolean enabled) {
}

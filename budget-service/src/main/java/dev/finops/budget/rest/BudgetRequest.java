package dev.finops.budget.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * A budget as a client writes it. {@code scope} is {@code "org"} or an object naming one or more of
 * team, agent, customer, feature, environment, model (e.g. {@code {"team":"search","environment":"prod"}}).
 * {@code maxTokensPerRun}: refuse a run's further calls once its tokens in scope reach it.
 */
public record BudgetRequest(String name, JsonNode scope, String period, String timezone, BigDecimal amountUsd,
                            List<BigDecimal> alertAtPercent, BigDecimal hardLimitPercent, Long maxTokensPerRun,
                            Boolean enabled) {
}

package dev.finops.budget.service;

import dev.finops.budget.Alert;
import dev.finops.budget.Budget;
import dev.finops.budget.BudgetPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a budget alert's condition (spend of its period at or over its threshold, or its hard limit) still holds,
 * judged against the budget as it is now; if not, the resolution that says why it ended.
 */
final class BudgetConditionEnd {

    private BudgetConditionEnd() {
    }

    /** The resolution of {@code condition} at {@code now}, or empty while it holds. {@code budget}: null when deleted. */
    static Optional<Alert> of(Alert condition, Budget budget, BigDecimal spent, Instant now) {
        return reason(condition, budget, spent, now).map(reason -> {
            Map<String, Object> more = new LinkedHashMap<>();
            more.put("resolvedReason", reason);
            more.put("spentUsd", usd(spent));
            if (budget != null) {
                more.put("amountUsd", usd(budget.amountUsd()));
            }
            String what = "budget_hard_limit".equals(condition.type()) ? "at its hard limit"
                    : "at " + condition.details().get("thresholdPercent") + "%";
            String summary = "Resolved: budget '%s' %s: %s".formatted(condition.details().get("budgetName"), what, reason);
            return condition.resolvedBy(summary, more, now);
        });
    }

    private static String usd(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    static Optional<String> reason(Alert condition, Budget budget, BigDecimal spent, Instant now) {
        if (budget == null) {
            return Optional.of("the budget was deleted");
        }
        if (!budget.enabled()) {
            return Optional.of("the budget was disabled");
        }
        Map<String, Object> d = condition.details();
        Instant periodStart = Instant.parse(d.get("periodStart").toString());
        BudgetPeriod current = budget.periodAt(now);
        if (!current.start().equals(periodStart)) {
            Instant periodEnd = Instant.parse(d.get("periodEnd").toString());
            return Optional.of(now.isBefore(periodEnd) ? "its period or time zone changed"
                    : "its %s period ended with $%s spent".formatted(budget.period().name(), usd(spent)));
        }
        if ("budget_hard_limit".equals(condition.type())) {
            BigDecimal hard = budget.hardLimitUsd();
            if (hard == null) {
                return Optional.of("the hard limit was removed");
            }
            return spent.compareTo(hard) < 0
                    ? Optional.of("spent $%s is below the hard limit of $%s now".formatted(usd(spent),
                    usd(hard)))
                    : Optional.empty();
        }
        BigDecimal percent = new BigDecimal(d.get("thresholdPercent").toString());
        if (budget.alertAtPercent().stream().noneMatch(p -> p.compareTo(percent) == 0)) {
            return Optional.of("the " + percent.toPlainString() + "% threshold was removed from the budget");
        }
        BigDecimal at = budget.percentOfAmount(percent);
        return spent.compareTo(at) < 0
                ? Optional.of("spent $%s is below %s%% of $%s now".formatted(usd(spent),
                percent.toPlainString(), usd(budget.amountUsd())))
                : Optional.empty();
    }
}

package dev.finops.budget.error;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A check refused: the named budget has no room for the call's estimate until its period ends. */
public class BudgetExhaustedException extends RuntimeException {

    private final UUID budgetId;
    private final String budgetName;
    private final BigDecimal spentUsd;
    private final BigDecimal reservedUsd;
    private final BigDecimal limitUsd;
    private final BigDecimal estimatedCostUsd;
    private final Instant periodEnd;
    private final long retryAfterSeconds;

    public BudgetExhaustedException(UUID budgetId, String budgetName, BigDecimal spentUsd, BigDecimal reservedUsd,
                                    BigDecimal limitUsd, BigDecimal estimatedCostUsd, Instant periodEnd,
                                    long retryAfterSeconds) {
        super("budget '" + budgetName + "' exhausted");
        this.budgetId = budgetId;
        this.budgetName = budgetName;
        this.spentUsd = spentUsd;
        this.reservedUsd = reservedUsd;
        this.limitUsd = limitUsd;
        this.estimatedCostUsd = estimatedCostUsd;
        this.periodEnd = periodEnd;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The 429 body: an RFC 9457 problem with the budget's numbers as extension members. */
    public record Body(String type, String title, int status, String detail, UUID budgetId, String budgetName,
                       BigDecimal spentUsd, BigDecimal reservedUsd, BigDecimal limitUsd, BigDecimal estimatedCostUsd,
                       Instant periodEnd, long retryAfterSeconds) {
    }

    public Body body() {
        BigDecimal left = limitUsd.subtract(spentUsd).subtract(reservedUsd);
        String detail = left.signum() > 0
                ? ("Budget '%s' has $%s left of its $%s limit for this period ($%s spent, $%s reserved), less than this"
                + " call's estimate of $%s; smaller calls are still allowed. Raise the budget's amount or hard limit to"
                + " allow this one now.").formatted(budgetName, left.toPlainString(), limitUsd.toPlainString(),
                        spentUsd.toPlainString(), reservedUsd.toPlainString(), estimatedCostUsd.toPlainString())
                : ("Budget '%s' has spent $%s (plus $%s reserved) of its $%s limit for this period; calls are"
                + " refused until the period ends at %s. Raise the budget's amount or hard limit to allow them now.")
                        .formatted(budgetName, spentUsd.toPlainString(), reservedUsd.toPlainString(),
                                limitUsd.toPlainString(), periodEnd);
        return new Body("about:blank", "Too Many Requests", 429, detail, budgetId, budgetName, spentUsd, reservedUsd,
                limitUsd, estimatedCostUsd, periodEnd, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

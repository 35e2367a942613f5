package dev.finops.budget.service;

import dev.finops.budget.Budget;
import dev.finops.budget.BudgetPeriod;
import dev.finops.budget.repository.PeriodSpend;
import dev.finops.budget.repository.SpendRepository;
import dev.finops.http.auth.TeamScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A budget's current period from the database: spend, percent, remaining, linear projection, state. */
@ApplicationScoped
public class StatusService {

    private final Pool pool;
    private final BudgetService budgets;
    private final SpendRepository spend;
    private final dev.finops.budget.repository.ProvisionalSpendRepository provisional;

    public StatusService(Pool pool, BudgetService budgets, SpendRepository spend,
                         dev.finops.budget.repository.ProvisionalSpendRepository provisional) {
        this.provisional = provisional;
        this.pool = pool;
        this.budgets = budgets;
        this.spend = spend;
    }

    public Uni<BudgetStatus> status(UUID id, TeamScope caller, Instant now) {
        return budgets.get(id, caller).flatMap(b -> {
            BudgetPeriod p = b.periodAt(now);
            return spend.period(pool, b.id(), p.start()).flatMap(s -> provisional.period(pool, b.id(), p.start())
                    .map(provisionalUsd -> status(b, p, s, now, provisionalUsd)));
        });
    }

    static BudgetStatus status(Budget b, BudgetPeriod p, PeriodSpend s, Instant now) {
        return status(b, p, s, now, BigDecimal.ZERO);
    }

    static BudgetStatus status(Budget b, BudgetPeriod p, PeriodSpend s, Instant now, BigDecimal provisionalUsd) {
        BigDecimal spent = s.spentUsd();
        BigDecimal rate = Projection.perDay(spent, Duration.between(p.start(), now));
        BigDecimal projected = Projection.extend(spent, rate, Duration.between(now, p.end()));
        return new BudgetStatus(b.id(), b.name(), b.period().name(), b.timezone().getId(), p.start(), p.end(),
                b.amountUsd(), b.hardLimitUsd(), spent, s.reservedUsd(), b.percentSpent(spent),
                b.amountUsd().subtract(spent).max(BigDecimal.ZERO), projected, state(b, spent), provisionalUsd);
    }

    static String state(Budget b, BigDecimal spent) {
        BigDecimal hard = b.hardLimitUsd();
        if (hard != null && spent.compareTo(hard) >= 0) {
            return "blocked";
        }
        if (spent.compareTo(b.amountUsd()) >= 0) {
            return "exceeded";
        }
        BigDecimal firstAlert = b.alertAtPercent().isEmpty() ? null : b.alertAtPercent().get(0);
        return firstAlert != null && spent.compareTo(b.percentOfAmount(firstAlert)) >= 0 ? "warning" : "ok";
    }
}

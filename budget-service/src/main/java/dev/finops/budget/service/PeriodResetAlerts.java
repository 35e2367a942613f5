package dev.finops.budget.service;

import dev.finops.budget.Alert;
import dev.finops.budget.Budget;
import dev.finops.budget.BudgetPeriod;
import dev.finops.budget.repository.AlertRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tells on-call when a budget that was blocked (hard limit reached) enters a new period and calls are allowed
 * again: a notice for webhook, Slack and email channels (PagerDuty and Alertmanager get the hard-limit alert's
 * resolution instead, see AlertSweep). Fires once per budget and period (dedup key), whichever replica's sweep sees
 * it first.
 */
@ApplicationScoped
public class PeriodResetAlerts {

    private final Pool pool;
    private final BudgetSnapshot snapshot;
    private final AlertRepository alerts;
    private final AlertMetrics metrics;

    public PeriodResetAlerts(Pool pool, BudgetSnapshot snapshot, AlertRepository alerts, AlertMetrics metrics) {
        this.pool = pool;
        this.snapshot = snapshot;
        this.alerts = alerts;
        this.metrics = metrics;
    }

    @Scheduled(every = "${finops.budget.reset-sweep}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep(Instant.now()).replaceWithVoid().onFailure().recoverWithNull();
    }

    /** Fires the reset alerts due at {@code now}; answers how many were new. */
    public Uni<Integer> sweep(Instant now) {
        Map<UUID, Budget> capped = snapshot.budgets().stream().filter(b -> b.hardLimitUsd() != null)
                .collect(Collectors.toMap(Budget::id, Function.identity()));
        if (capped.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<UUID> ids = new ArrayList<>(capped.keySet());
        OffsetDateTime[] previousStarts = ids.stream()
                .map(id -> previous(capped.get(id), now).start().atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
        return pool.preparedQuery("""
                        SELECT p.budget_id, p.spent_usd::text AS spent FROM budget_periods p
                        JOIN unnest($1::uuid[], $2::timestamptz[]) AS prev(budget_id, period_start)
                          ON p.budget_id = prev.budget_id AND p.period_start = prev.period_start""")
                .execute(Tuple.of(ids.toArray(UUID[]::new), previousStarts))
                .map(rows -> {
                    List<Alert> due = new ArrayList<>();
                    for (Row r : rows) {
                        Budget b = capped.get(r.getUUID("budget_id"));
                        BigDecimal spent = new BigDecimal(r.getString("spent"));
                        if (spent.compareTo(b.hardLimitUsd()) >= 0) {
                            due.add(alert(b, previous(b, now), b.periodAt(now), spent));
                        }
                    }
                    return due;
                })
                .flatMap(due -> alerts.insertNew(pool, due))
                .invoke(fresh -> metrics.fired("budget_period_reset", fresh.size()))
                .map(List::size);
    }

    private static BudgetPeriod previous(Budget b, Instant now) {
        return b.periodAt(b.periodAt(now).start().minusMillis(1));
    }

    private static Alert alert(Budget b, BudgetPeriod previous, BudgetPeriod current, BigDecimal spent) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("budgetId", b.id().toString());
        details.put("budgetName", b.name());
        details.put("periodStart", current.start().toString());
        details.put("periodEnd", current.end().toString());
        details.put("previousSpentUsd", spent.toPlainString());
        details.put("hardLimitUsd", b.hardLimitUsd().toPlainString());
        String summary = "Budget '%s' started a new %s period: calls are allowed again (it was blocked at $%s)"
                .formatted(b.name(), b.period().name(), spent.toPlainString());
        return new Alert(UUID.randomUUID(), "budget:" + b.id() + ":" + current.start() + ":reset", "budget_period_reset",
                Alert.Severity.info, summary, details, b.id(), b.scope().team(), "budget-service", null, Alert.Kind.notice,
                null, null);
    }
}

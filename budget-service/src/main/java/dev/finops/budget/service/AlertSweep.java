package dev.finops.budget.service;

import dev.finops.budget.Alert;
import dev.finops.budget.Budget;
import dev.finops.budget.config.BudgetConfig;
import dev.finops.budget.repository.AlertRepository;
import dev.finops.budget.repository.AlertRepository.BudgetCondition;
import dev.finops.budget.repository.BudgetRepository;
import dev.finops.budget.repository.DeliveryRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every re-send interval, on each replica: ends the budget conditions that no longer hold (new period, budget raised,
 * threshold or hard limit removed, budget disabled or deleted), then queues every active condition again for its
 * Alertmanager channels. Both are idempotent in the database, so replicas sweeping at once do it once.
 */
@ApplicationScoped
public class AlertSweep {

    /** What one sweep did. */
    public record Result(int resolved, int queued) {
    }

    private final Pool pool;
    private final AlertRepository alerts;
    private final BudgetRepository budgets;
    private final DeliveryRepository deliveries;
    private final AlertMetrics metrics;
    private final Duration interval;

    public AlertSweep(Pool pool, AlertRepository alerts, BudgetRepository budgets, DeliveryRepository deliveries,
                      AlertMetrics metrics, BudgetConfig config) {
        this.pool = pool;
        this.alerts = alerts;
        this.budgets = budgets;
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.interval = config.alerts().resendInterval();
    }

    @Scheduled(every = "${finops.budget.alerts.sweep}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep(Instant.now()).replaceWithVoid().onFailure()
                .invoke(e -> Log.warnf("alert sweep failed: %s", e.getMessage())).onFailure().recoverWithNull();
    }

    public Uni<Result> sweep(Instant now) {
        // half an interval: a delivery sent just before this sweep is not sent twice in a row
        return endBudgetConditions(now).flatMap(resolved -> deliveries
                .resendToAlertmanagers(pool, now, now.minus(interval.dividedBy(2)))
                .map(queued -> new Result(resolved, queued)));
    }

    /** Resolves the budget conditions that ended by {@code now}; answers how many. */
    public Uni<Integer> endBudgetConditions(Instant now) {
        return alerts.activeBudgetConditions(pool).flatMap(active -> {
            if (active.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<UUID> ids = active.stream().map(c -> c.alert().budgetId()).distinct().toList();
            return budgets.byIds(pool, ids).flatMap(found -> {
                Map<UUID, Budget> byId = found.stream().collect(Collectors.toMap(Budget::id, Function.identity()));
                List<Uni<Integer>> ends = active.stream().map(c -> end(c, byId.get(c.alert().budgetId()), now)).toList();
                return Uni.join().all(ends).andCollectFailures().map(n -> n.stream().mapToInt(Integer::intValue).sum());
            });
        });
    }

    private Uni<Integer> end(BudgetCondition c, Budget budget, Instant now) {
        Alert condition = c.alert();
        return BudgetConditionEnd.of(condition, budget, c.spentUsd(), now)
                .map(resolution -> alerts.resolve(pool, condition.id(), resolution).map(ended -> {
                    if (ended) {
                        metrics.resolved(condition.type(), 1);
                        Log.infof("%s", resolution.summary());
                    }
                    return ended ? 1 : 0;
                }))
                .orElse(Uni.createFrom().item(0));
    }
}

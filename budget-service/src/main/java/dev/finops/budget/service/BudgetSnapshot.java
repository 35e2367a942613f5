package dev.finops.budget.service;

import dev.finops.budget.Budget;
import dev.finops.budget.BudgetPeriod;
import dev.finops.budget.repository.BudgetRepository;
import dev.finops.budget.repository.PeriodSpend;
import dev.finops.budget.repository.SpendRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Enabled budgets and their current-period spend in memory, reloaded every {@code finops.budget.snapshot-refresh}
 * and after local changes: what checks without an estimate and the spend-ratio gauges read.
 */
@ApplicationScoped
public class BudgetSnapshot {

    /** Spend by budget and period start: after a change of zone a budget can have two overlapping periods. */
    private record State(List<Budget> budgets, Map<String, PeriodSpend> spend, long loadStartedNanos) {
    }

    private static String key(UUID budgetId, Instant periodStart) {
        return budgetId + "/" + periodStart;
    }

    private final Pool pool;
    private final BudgetRepository budgetRepository;
    private final SpendRepository spendRepository;
    private final MeterRegistry registry;
    private final int maxGauges;
    private final Map<UUID, Meter> gauges = new HashMap<>();
    private volatile State state = new State(List.of(), Map.of(), System.nanoTime());

    public BudgetSnapshot(Pool pool, BudgetRepository budgetRepository, SpendRepository spendRepository,
                          MeterRegistry registry, dev.finops.budget.config.BudgetConfig config) {
        this.pool = pool;
        this.budgetRepository = budgetRepository;
        this.spendRepository = spendRepository;
        this.registry = registry;
        this.maxGauges = config.maxSpendGauges();
    }

    @Scheduled(every = "${finops.budget.snapshot-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh().onFailure().invoke(e -> Log.warnf("budget snapshot not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    public Uni<Void> refresh() {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return budgetRepository.listEnabled(pool)
                    .flatMap(budgets -> spendRepository.current(pool, Instant.now())
                            .map(spend -> new State(budgets, spend.stream().collect(
                                    Collectors.toMap(s -> key(s.budgetId(), s.periodStart()), s -> s, (a, b) -> a)),
                                    started)));
        }).invoke(s -> {
            state = s;
            registerGauges(s.budgets());
        }).replaceWithVoid();
    }

    public List<Budget> budgets() {
        return state.budgets();
    }

    /** Asks {@code readAt} about the System.nanoTime at which the spend in memory started to be read. */
    public boolean shows(java.util.function.LongPredicate readAt) {
        return readAt.test(state.loadStartedNanos());
    }

    /** The budget's spend in the period containing {@code now}; zero when nothing was recorded there yet. */
    public PeriodSpend spend(Budget budget, Instant now) {
        BudgetPeriod period = budget.periodAt(now);
        PeriodSpend s = state.spend().get(key(budget.id(), period.start()));
        return s != null ? s : PeriodSpend.empty(budget.id(), period.start());
    }

    private double ratio(Budget budget) {
        PeriodSpend s = spend(budget, Instant.now());
        return s.spentUsd().divide(budget.amountUsd(), 6, RoundingMode.HALF_UP).doubleValue();
    }

    private synchronized void registerGauges(List<Budget> budgets) {
        Map<UUID, Budget> current = budgets.stream().collect(Collectors.toMap(Budget::id, b -> b));
        gauges.entrySet().removeIf(e -> {
            Budget b = current.get(e.getKey());
            boolean stale = b == null || !e.getValue().getId().getTag("budget").equals(b.name());
            if (stale) {
                registry.remove(e.getValue());
            }
            return stale;
        });
        for (Budget b : budgets) {
            if (gauges.size() >= maxGauges && !gauges.containsKey(b.id())) {
                break;
            }
            gauges.computeIfAbsent(b.id(), id -> Gauge.builder("finops_budget_spend_ratio", this,
                            s -> s.ratioOf(id)).description("Spend of the current period / budget amount")
                    .tag("budget", b.name()).register(registry));
        }
    }

    private double ratioOf(UUID id) {
        return state.budgets().stream().filter(b -> b.id().equals(id)).findFirst().map(this::ratio).orElse(Double.NaN);
    }
}

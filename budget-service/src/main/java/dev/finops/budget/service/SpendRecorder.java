package dev.finops.budget.service;

import dev.finops.budget.Attribution;
import dev.finops.budget.Budget;
import dev.finops.budget.BudgetPeriod;
import dev.finops.feed.FeedConsumer;
import dev.finops.feed.FeedEntry;
import dev.finops.budget.repository.BudgetRepository;
import dev.finops.budget.repository.PeriodSpend;
import dev.finops.budget.repository.ProvisionalSpendRepository;
import dev.finops.budget.repository.ProvisionalSpendRepository.ProvisionalDelta;
import dev.finops.budget.repository.ReservationRepository;
import dev.finops.budget.repository.RollupRepository;
import dev.finops.budget.repository.RollupRepository.RollupDelta;
import dev.finops.budget.repository.RunTokenRepository;
import dev.finops.budget.repository.RunTokenRepository.RunDelta;
import dev.finops.budget.repository.SpendRepository;
import dev.finops.budget.repository.SpendRepository.DayDelta;
import dev.finops.budget.repository.SpendRepository.PeriodDelta;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Adds a page of the usage feed to the spend of every enabled budget whose scope covers each event, in the
 * period that contains the event's timestamp in the budget's zone; releases the reservations the events
 * fulfil; and records threshold crossings. Runs inside the feed consumer's transaction.
 */
@ApplicationScoped
public class SpendRecorder implements FeedConsumer.BatchHandler {

    private final BudgetRepository budgets;
    private final SpendRepository spend;
    private final ReservationRepository reservations;
    private final ThresholdAlerts thresholds;
    private final RunTokenRepository runTokens;
    private final RollupRepository rollup;
    private final ProvisionalSpendRepository provisional;
    private final UnpricedUsageAlerts unpriced;

    public SpendRecorder(BudgetRepository budgets, SpendRepository spend, ReservationRepository reservations,
                         ThresholdAlerts thresholds, RunTokenRepository runTokens, RollupRepository rollup,
                         ProvisionalSpendRepository provisional, UnpricedUsageAlerts unpriced) {
        this.provisional = provisional;
        this.unpriced = unpriced;
        this.runTokens = runTokens;
        this.rollup = rollup;
        this.budgets = budgets;
        this.spend = spend;
        this.reservations = reservations;
        this.thresholds = thresholds;
    }

    @Override
    public Uni<Void> apply(SqlConnection tx, List<FeedEntry> entries) {
        List<String> eventIds = entries.stream().filter(e -> "usage".equals(e.kind()) && e.eventId() != null)
                .map(FeedEntry::eventId).distinct().toList();
        List<String> runIds = entries.stream().filter(e -> "usage".equals(e.kind()) && e.runId() != null)
                .map(FeedEntry::runId).distinct().toList();
        return budgets.listEnabled(tx).flatMap(enabled -> {
            Deltas deltas = deltas(enabled, entries);
            Map<java.util.UUID, Budget> byId = enabled.stream().collect(Collectors.toMap(Budget::id, Function.identity()));
            return reservations.releaseFor(tx, eventIds, runIds)
                    .flatMap(x -> spend.addToPeriods(tx, deltas.periods()))
                    .call(after -> spend.addToDays(tx, deltas.days()))
                    .call(after -> runTokens.add(tx, runDeltas(enabled, entries)))
                    .call(after -> rollup.add(tx, rollupDeltas(entries)))
                    .call(after -> provisional.apply(tx, repriced(entries), provisionalDeltas(enabled, entries)))
                    .call(after -> unpriced.record(tx, entries, java.time.Instant.now()))
                    .flatMap(after -> thresholds.record(tx, crossings(byId, deltas.periods(), after)));
        });
    }

    record Deltas(List<PeriodDelta> periods, List<DayDelta> days) {
    }

    /** Sums the batch per budget period and per budget day, sorted so concurrent writers lock rows in one order. */
    static Deltas deltas(List<Budget> enabled, List<FeedEntry> entries) {
        Map<String, PeriodDelta> periods = new TreeMap<>();
        Map<String, DayDelta> days = new TreeMap<>();
        for (FeedEntry e : entries) {
            if (e.costUsd() == null || e.costUsd().signum() == 0 || e.timestamp() == null) {
                continue;
            }
            Attribution a = new Attribution(e.teamId(), e.agentId(), e.customerId(), e.feature(), e.environment(), e.model());
            for (Budget b : enabled) {
                if (!b.scope().matches(a)) {
                    continue;
                }
                BudgetPeriod p = b.periodAt(e.timestamp());
                periods.merge(b.id() + "/" + p.start(), new PeriodDelta(b.id(), p.start(), p.end(), e.costUsd()),
                        (x, y) -> new PeriodDelta(x.budgetId(), x.start(), x.end(), x.amount().add(y.amount())));
                var day = e.timestamp().atZone(b.timezone()).toLocalDate();
                days.merge(b.id() + "/" + day, new DayDelta(b.id(), day, e.costUsd()),
                        (x, y) -> new DayDelta(x.budgetId(), x.day(), x.amount().add(y.amount())));
            }
        }
        return new Deltas(new ArrayList<>(periods.values()), new ArrayList<>(days.values()));
    }

    /**
     * Events whose value is no longer provisional: re-valued at a real rate (a revaluation not marked provisional).
     * Applied before {@link #provisionalDeltas}, which leaves out what such a revaluation ends within the batch.
     */
    static List<String> repriced(List<FeedEntry> entries) {
        return entries.stream().filter(e -> !e.isCall() && !e.provisional() && e.eventId() != null)
                .map(FeedEntry::eventId).distinct().toList();
    }

    /** The provisional value per (budget period, event) the batch leaves, in entry order: see {@link #repriced}. */
    static List<ProvisionalDelta> provisionalDeltas(List<Budget> enabled, List<FeedEntry> entries) {
        Map<String, ProvisionalDelta> deltas = new TreeMap<>();
        for (FeedEntry e : entries) {
            if (e.eventId() == null || e.timestamp() == null) {
                continue;
            }
            if (!e.isCall() && !e.provisional()) {
                deltas.values().removeIf(d -> d.eventId().equals(e.eventId()));
                continue;
            }
            if (!e.provisional() || e.costUsd() == null || e.costUsd().signum() == 0) {
                continue;
            }
            Attribution a = new Attribution(e.teamId(), e.agentId(), e.customerId(), e.feature(), e.environment(), e.model());
            for (Budget b : enabled) {
                if (b.scope().matches(a)) {
                    BudgetPeriod p = b.periodAt(e.timestamp());
                    deltas.merge(b.id() + "/" + p.start() + "/" + e.eventId(),
                            new ProvisionalDelta(b.id(), p.start(), e.eventId(), blank(e.model()), e.costUsd()),
                            (x, y) -> new ProvisionalDelta(x.budgetId(), x.periodStart(), x.eventId(), x.model(),
                                    x.amount().add(y.amount())));
                }
            }
        }
        return new ArrayList<>(deltas.values());
    }

    /** Spend per 15-minute bucket and attribution, whatever the budgets: what a later budget is backfilled from. */
    static List<RollupDelta> rollupDeltas(List<FeedEntry> entries) {
        Map<String, RollupDelta> buckets = new TreeMap<>();
        for (FeedEntry e : entries) {
            if (e.costUsd() == null || e.costUsd().signum() == 0 || e.timestamp() == null) {
                continue;
            }
            long quarter = 15 * 60;
            java.time.Instant bucket = java.time.Instant.ofEpochSecond(Math.floorDiv(e.timestamp().getEpochSecond(), quarter) * quarter);
            RollupDelta d = new RollupDelta(bucket, blank(e.teamId()), blank(e.agentId()), blank(e.customerId()),
                    blank(e.feature()), blank(e.environment()), blank(e.model()), e.costUsd());
            String key = String.join("\u0000", bucket.toString(), d.team(), d.agent(), d.customer(), d.feature(),
                    d.environment(), d.model());
            buckets.merge(key, d, (x, y) -> new RollupDelta(x.bucket(), x.team(), x.agent(), x.customer(), x.feature(),
                    x.environment(), x.model(), x.amount().add(y.amount())));
        }
        return new ArrayList<>(buckets.values());
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }

    /** Tokens per (budget with a per-run ceiling, run), from usage entries that carry a runId. */
    static List<RunDelta> runDeltas(List<Budget> enabled, List<FeedEntry> entries) {
        Map<String, RunDelta> runs = new TreeMap<>();
        for (FeedEntry e : entries) {
            if (!"usage".equals(e.kind()) || e.runId() == null || e.tokens() == 0) {
                continue;
            }
            Attribution a = new Attribution(e.teamId(), e.agentId(), e.customerId(), e.feature(), e.environment(), e.model());
            for (Budget b : enabled) {
                if (b.maxTokensPerRun() != null && b.scope().matches(a)) {
                    runs.merge(b.id() + "/" + e.runId(), new RunDelta(b.id(), e.runId(), e.tokens()),
                            (x, y) -> new RunDelta(x.budgetId(), x.runId(), x.tokens() + y.tokens()));
                }
            }
        }
        return new ArrayList<>(runs.values());
    }

    private static List<ThresholdAlerts.Crossing> crossings(Map<java.util.UUID, Budget> budgets, List<PeriodDelta> deltas,
                                                           List<PeriodSpend> after) {
        Map<String, BigDecimal> added = deltas.stream().collect(Collectors.toMap(
                d -> d.budgetId() + "/" + d.start(), PeriodDelta::amount));
        Map<String, PeriodDelta> byKey = deltas.stream().collect(Collectors.toMap(d -> d.budgetId() + "/" + d.start(),
                Function.identity()));
        List<ThresholdAlerts.Crossing> crossings = new ArrayList<>();
        after.stream().sorted(Comparator.comparing(PeriodSpend::budgetId)).forEach(s -> {
            String key = s.budgetId() + "/" + s.periodStart();
            Budget b = budgets.get(s.budgetId());
            PeriodDelta d = byKey.get(key);
            if (b != null && d != null) {
                crossings.add(new ThresholdAlerts.Crossing(b, d.start(), d.end(), s.spentUsd().subtract(added.get(key)),
                        s.spentUsd()));
            }
        });
        return crossings;
    }
}

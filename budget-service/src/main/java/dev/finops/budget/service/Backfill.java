package dev.finops.budget.service;

import dev.finops.budget.Budget;
import dev.finops.budget.BudgetPeriod;
import dev.finops.budget.config.BudgetConfig;
import dev.finops.budget.repository.RollupRepository;
import dev.finops.budget.repository.RollupRepository.BucketSpend;
import dev.finops.budget.repository.SpendRepository;
import dev.finops.budget.repository.SpendRepository.DayDelta;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gives a budget that was just created, re-scoped or re-enabled the spend its current period already had,
 * from the 15-minute rollup. It first locks the feed consumer's cursor row, which every page transaction
 * updates first: so no page is half-way (counted in the rollup but not yet in the budget, or the reverse).
 */
@ApplicationScoped
public class Backfill {

    private final RollupRepository rollup;
    private final SpendRepository spend;
    private final BudgetConfig config;

    public Backfill(RollupRepository rollup, SpendRepository spend, BudgetConfig config) {
        this.rollup = rollup;
        this.spend = spend;
        this.config = config;
    }

    public Uni<Void> rebuild(SqlClient tx, Budget b, Instant now) {
        BudgetPeriod p = b.periodAt(now);
        LocalDate firstDay = BurnDown.firstDayNeeded(b, now);
        Instant from = firstDay.atStartOfDay(b.timezone()).toInstant();
        Instant to = p.end().isAfter(now) ? p.end() : now;
        String consumer = config.feed().consumer();
        return tx.preparedQuery("INSERT INTO feed_cursors (consumer, cursor) VALUES ($1, '') ON CONFLICT DO NOTHING")
                .execute(Tuple.of(consumer))
                .flatMap(x -> tx.preparedQuery("SELECT cursor FROM feed_cursors WHERE consumer = $1 FOR UPDATE")
                        .execute(Tuple.of(consumer)))
                .flatMap(x -> rollup.covered(tx, b.scope(), from, to))
                .flatMap(buckets -> {
                    Map<LocalDate, BigDecimal> days = new TreeMap<>();
                    BigDecimal inPeriod = BigDecimal.ZERO;
                    for (BucketSpend s : buckets) {
                        days.merge(s.bucket().atZone(b.timezone()).toLocalDate(), s.spent(), BigDecimal::add);
                        if (!s.bucket().isBefore(p.start()) && s.bucket().isBefore(p.end())) {
                            inPeriod = inPeriod.add(s.spent());
                        }
                    }
                    List<DayDelta> deltas = new ArrayList<>();
                    days.forEach((day, usd) -> deltas.add(new DayDelta(b.id(), day, usd)));
                    BigDecimal periodSpend = inPeriod;
                    return tx.preparedQuery("DELETE FROM budget_daily_spend WHERE budget_id = $1 AND day >= $2")
                            .execute(Tuple.of(b.id(), firstDay))
                            .flatMap(d -> spend.addToDays(tx, deltas))
                            .flatMap(d -> spend.setPeriod(tx, b.id(), p, periodSpend));
                });
    }
}

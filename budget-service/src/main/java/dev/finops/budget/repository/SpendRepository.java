package dev.finops.budget.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Period and daily spend per budget, added in batches with one statement per table. */
@ApplicationScoped
public class SpendRepository {

    /** One period's share of a batch; rows are sorted by the caller so concurrent writers lock in one order. */
    public record PeriodDelta(UUID budgetId, Instant start, Instant end, BigDecimal amount) {
    }

    public record DayDelta(UUID budgetId, LocalDate day, BigDecimal amount) {
    }

    /** Adds the deltas and answers each touched period's spend after the addition. */
    public Uni<List<PeriodSpend>> addToPeriods(SqlClient sql, List<PeriodDelta> deltas) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return sql.preparedQuery("""
                        INSERT INTO budget_periods AS p (budget_id, period_start, period_end, spent_usd)
                        SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[]::numeric[])
                        ON CONFLICT (budget_id, period_start)
                        DO UPDATE SET spent_usd = p.spent_usd + excluded.spent_usd, updated_at = now()
                        RETURNING budget_id, period_start, spent_usd::text AS spent, reserved_usd::text AS reserved""")
                .execute(Tuple.of(deltas.stream().map(PeriodDelta::budgetId).toArray(UUID[]::new),
                        deltas.stream().map(d -> utc(d.start())).toArray(OffsetDateTime[]::new),
                        deltas.stream().map(d -> utc(d.end())).toArray(OffsetDateTime[]::new),
                        deltas.stream().map(d -> d.amount().toPlainString()).toArray(String[]::new)))
                .map(rows -> {
                    List<PeriodSpend> spends = new ArrayList<>();
                    rows.forEach(r -> spends.add(map(r)));
                    return spends;
                });
    }

    public Uni<Void> addToDays(SqlClient sql, List<DayDelta> deltas) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("""
                        INSERT INTO budget_daily_spend AS d (budget_id, day, spent_usd)
                        SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[]::numeric[])
                        ON CONFLICT (budget_id, day) DO UPDATE SET spent_usd = d.spent_usd + excluded.spent_usd""")
                .execute(Tuple.of(deltas.stream().map(DayDelta::budgetId).toArray(UUID[]::new),
                        deltas.stream().map(DayDelta::day).toArray(LocalDate[]::new),
                        deltas.stream().map(d -> d.amount().toPlainString()).toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Sets a period's spend (keeping its reservations): the result of a backfill. */
    public Uni<Void> setPeriod(SqlClient sql, UUID budgetId, dev.finops.budget.BudgetPeriod p, BigDecimal spent) {
        return sql.preparedQuery("""
                        INSERT INTO budget_periods (budget_id, period_start, period_end, spent_usd)
                        VALUES ($1, $2, $3, $4::text::numeric)
                        ON CONFLICT (budget_id, period_start) DO UPDATE SET spent_usd = excluded.spent_usd, updated_at = now()""")
                .execute(Tuple.of(budgetId, utc(p.start()), utc(p.end()), spent.toPlainString())).replaceWithVoid();
    }

    public Uni<PeriodSpend> period(SqlClient sql, UUID budgetId, Instant start) {
        return sql.preparedQuery("SELECT budget_id, period_start, spent_usd::text AS spent, reserved_usd::text AS reserved"
                        + " FROM budget_periods WHERE budget_id = $1 AND period_start = $2")
                .execute(Tuple.of(budgetId, utc(start)))
                .map(rows -> rows.iterator().hasNext() ? map(rows.iterator().next()) : PeriodSpend.empty(budgetId, start));
    }

    /** Spend of every period that contains {@code now}, for every enabled budget. */
    public Uni<List<PeriodSpend>> current(SqlClient sql, Instant now) {
        return sql.preparedQuery("SELECT budget_id, period_start, spent_usd::text AS spent, reserved_usd::text AS reserved"
                        + " FROM budget_periods WHERE period_start <= $1 AND period_end > $1")
                .execute(Tuple.of(utc(now)))
                .map(rows -> {
                    List<PeriodSpend> spends = new ArrayList<>();
                    rows.forEach(r -> spends.add(map(r)));
                    return spends;
                });
    }

    /** Spend per local day in {@code [from, to)}, in day order; days without spend are absent. */
    public Uni<Map<LocalDate, BigDecimal>> days(SqlClient sql, UUID budgetId, LocalDate from, LocalDate to) {
        return sql.preparedQuery("SELECT day, spent_usd::text AS spent FROM budget_daily_spend"
                        + " WHERE budget_id = $1 AND day >= $2 AND day < $3 ORDER BY day")
                .execute(Tuple.of(budgetId, from, to))
                .map(rows -> {
                    Map<LocalDate, BigDecimal> days = new LinkedHashMap<>();
                    rows.forEach(r -> days.put(r.getLocalDate("day"), new BigDecimal(r.getString("spent"))));
                    return days;
                });
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static PeriodSpend map(Row r) {
        return new PeriodSpend(r.getUUID("budget_id"), r.getOffsetDateTime("period_start").toInstant(),
                new BigDecimal(r.getString("spent")), new BigDecimal(r.getString("reserved")));
    }
}

package dev.finops.budget.repository;

import static dev.finops.budget.repository.SpendRepository.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reservations of headroom. Taking one is a single conditional UPDATE of the period row: Postgres serialises
 * concurrent takers on that row and re-checks the condition, so together they can never pass the limit.
 */
@ApplicationScoped
public class ReservationRepository {

    private static final String RELEASE = """
            WITH gone AS (DELETE FROM reservations WHERE %s RETURNING budget_id, period_start, amount_usd),
                 per_period AS (SELECT budget_id, period_start, sum(amount_usd) AS amount FROM gone GROUP BY 1, 2)
            UPDATE budget_periods p SET reserved_usd = greatest(p.reserved_usd - per_period.amount, 0)
            FROM per_period WHERE p.budget_id = per_period.budget_id AND p.period_start = per_period.period_start""";

    /**
     * Adds {@code amount} to the period's reservations if spend + reservations + amount stays within
     * {@code limit}; answers the period after the reservation, or empty when it would not fit.
     */
    public Uni<Optional<PeriodSpend>> reserve(SqlClient sql, UUID budgetId, Instant start, Instant end,
                                              BigDecimal amount, BigDecimal limit) {
        return sql.preparedQuery("INSERT INTO budget_periods (budget_id, period_start, period_end) VALUES ($1, $2, $3)"
                        + " ON CONFLICT DO NOTHING")
                .execute(Tuple.of(budgetId, utc(start), utc(end)))
                .flatMap(x -> sql.preparedQuery("""
                                UPDATE budget_periods SET reserved_usd = reserved_usd + $3::text::numeric
                                WHERE budget_id = $1 AND period_start = $2
                                  AND spent_usd + reserved_usd + $3::text::numeric <= $4::text::numeric
                                  AND spent_usd + reserved_usd < $4::text::numeric
                                RETURNING budget_id, period_start, spent_usd::text AS spent, reserved_usd::text AS reserved""")
                        .execute(Tuple.of(budgetId, utc(start), amount.toPlainString(), limit.toPlainString())))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    var r = rows.iterator().next();
                    return Optional.of(new PeriodSpend(budgetId, start, new BigDecimal(r.getString("spent")),
                            new BigDecimal(r.getString("reserved"))));
                });
    }

    public Uni<Void> insert(SqlClient sql, UUID id, UUID budgetId, Instant periodStart, BigDecimal amount,
                            String eventId, String runId, Instant expiresAt) {
        return sql.preparedQuery("INSERT INTO reservations (id, budget_id, period_start, amount_usd, event_id, run_id,"
                        + " expires_at) VALUES ($1, $2, $3, $4::text::numeric, $5, $6, $7)")
                .execute(Tuple.tuple(Arrays.asList(id, budgetId, utc(periodStart), amount.toPlainString(), eventId,
                        runId, utc(expiresAt))))
                .replaceWithVoid();
    }

    /** Releases the reservations the given usage events fulfil (matched by eventId or runId). */
    public Uni<Integer> releaseFor(SqlClient sql, List<String> eventIds, List<String> runIds) {
        if (eventIds.isEmpty() && runIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return sql.preparedQuery(RELEASE.formatted("event_id = ANY($1) OR run_id = ANY($2)"))
                .execute(Tuple.of(eventIds.toArray(String[]::new), runIds.toArray(String[]::new)))
                .map(rows -> rows.rowCount());
    }

    /**
     * Keeps only {@code keepUsd} of a reservation (a lease that ended: what it allowed stays held until it expires)
     * and frees {@code freeUsd}, the rest; does nothing when it is gone or already that small.
     */
    public Uni<Void> shrink(SqlClient sql, UUID id, UUID budgetId, BigDecimal keepUsd, BigDecimal freeUsd) {
        return sql.preparedQuery("""
                        WITH shrunk AS (UPDATE reservations SET amount_usd = $3::text::numeric
                                        WHERE id = $1 AND budget_id = $2 AND amount_usd > $3::text::numeric
                                        RETURNING budget_id, period_start)
                        UPDATE budget_periods p SET reserved_usd = greatest(p.reserved_usd - $4::text::numeric, 0)
                        FROM shrunk WHERE p.budget_id = shrunk.budget_id AND p.period_start = shrunk.period_start""")
                .execute(Tuple.of(id, budgetId, keepUsd.toPlainString(), freeUsd.toPlainString())).replaceWithVoid();
    }

    /** Releases one reservation whole. */
    public Uni<Void> release(SqlClient sql, UUID id, UUID budgetId) {
        return sql.preparedQuery(RELEASE.formatted("id = $1 AND budget_id = $2")).execute(Tuple.of(id, budgetId))
                .replaceWithVoid();
    }

    public Uni<Integer> releaseExpired(SqlClient sql, Instant now) {
        return sql.preparedQuery(RELEASE.formatted("expires_at <= $1")).execute(Tuple.of(utc(now)))
                .map(rows -> rows.rowCount());
    }
}

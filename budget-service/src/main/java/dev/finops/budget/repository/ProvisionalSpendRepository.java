package dev.finops.budget.repository;

import static dev.finops.budget.repository.SpendRepository.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The provisional part of budget spend, per budget period and event: what was valued at a fallback rate because the
 * model had no rate. A revaluation at a real rate takes the event out; a further provisional delta adds to it.
 */
@ApplicationScoped
public class ProvisionalSpendRepository {

    /** One event's provisional value (or delta) in one budget period. */
    public record ProvisionalDelta(UUID budgetId, Instant periodStart, String eventId, String model, BigDecimal amount) {
    }

    /** Drops the provisional value of these events (they were re-valued at a real rate), then adds the deltas. */
    public Uni<Void> apply(SqlClient sql, List<String> pricedEvents, List<ProvisionalDelta> deltas) {
        Uni<Void> cleared = pricedEvents.isEmpty() ? Uni.createFrom().voidItem()
                : sql.preparedQuery("DELETE FROM provisional_spend WHERE event_id = ANY ($1::text[])")
                        .execute(Tuple.of(pricedEvents.toArray(String[]::new))).replaceWithVoid();
        if (deltas.isEmpty()) {
            return cleared;
        }
        return cleared.chain(() -> sql.preparedQuery("""
                        INSERT INTO provisional_spend AS p (budget_id, period_start, event_id, model, amount_usd)
                        SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[]::numeric[])
                        ON CONFLICT (budget_id, period_start, event_id)
                        DO UPDATE SET amount_usd = p.amount_usd + excluded.amount_usd""")
                .execute(Tuple.of(deltas.stream().map(ProvisionalDelta::budgetId).toArray(UUID[]::new),
                        deltas.stream().map(d -> utc(d.periodStart())).toArray(OffsetDateTime[]::new),
                        deltas.stream().map(ProvisionalDelta::eventId).toArray(String[]::new),
                        deltas.stream().map(ProvisionalDelta::model).toArray(String[]::new),
                        deltas.stream().map(d -> d.amount().toPlainString()).toArray(String[]::new)))
                .replaceWithVoid());
    }

    /** The provisional part of a budget period's spend (zero when none). */
    public Uni<BigDecimal> period(SqlClient sql, UUID budgetId, Instant periodStart) {
        return sql.preparedQuery("SELECT coalesce(sum(amount_usd), 0)::text AS s FROM provisional_spend"
                        + " WHERE budget_id = $1 AND period_start = $2")
                .execute(Tuple.of(budgetId, utc(periodStart)))
                .map(rows -> new BigDecimal(rows.iterator().next().getString("s")));
    }
}

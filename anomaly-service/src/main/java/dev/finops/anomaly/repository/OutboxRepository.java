package dev.finops.anomaly.repository;

import static dev.finops.anomaly.repository.SessionMinuteRepository.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Alert hand-overs waiting for budget-service, written in the transaction that changed the anomaly. */
@ApplicationScoped
public class OutboxRepository {

    /** One hand-over: its JSON body and how often it was tried. */
    public record Pending(long id, String dedupKey, String state, String payload, int attempts) {
    }

    public Uni<Void> add(SqlClient sql, String dedupKey, String state, String payload, Instant now) {
        return sql.preparedQuery("INSERT INTO alert_outbox (dedup_key, state, payload, created_at, next_attempt_at)"
                        + " VALUES ($1, $2, $3::text::jsonb, $4, $4)")
                .execute(Tuple.of(dedupKey, state, payload, utc(now))).replaceWithVoid();
    }

    /**
     * Leases due hand-overs (pushes their next attempt out by {@code lease}) so that no other replica sends them
     * meanwhile; of one dedupKey only the oldest undelivered is due, so a resolution never overtakes its firing.
     */
    public Uni<List<Pending>> lease(SqlClient sql, Instant now, Duration lease, int limit) {
        return sql.preparedQuery("""
                        UPDATE alert_outbox SET next_attempt_at = $2 WHERE id IN (
                            SELECT id FROM alert_outbox o
                            WHERE delivered_at IS NULL AND next_attempt_at <= $1
                              AND NOT EXISTS (SELECT 1 FROM alert_outbox p WHERE p.dedup_key = o.dedup_key
                                              AND p.delivered_at IS NULL AND p.id < o.id)
                            ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
                        RETURNING id, dedup_key, state, payload::text AS payload, attempts""")
                .execute(Tuple.of(utc(now), utc(now.plus(lease)), limit))
                .map(rows -> {
                    List<Pending> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Pending(r.getLong("id"), r.getString("dedup_key"), r.getString("state"),
                                r.getString("payload"), r.getInteger("attempts")));
                    }
                    out.sort(java.util.Comparator.comparingLong(Pending::id));
                    return out;
                });
    }

    public Uni<Void> delivered(SqlClient sql, long id, Instant now) {
        return sql.preparedQuery("UPDATE alert_outbox SET delivered_at = $2, attempts = attempts + 1, last_error = NULL"
                        + " WHERE id = $1").execute(Tuple.of(id, utc(now))).replaceWithVoid();
    }

    public Uni<Void> failed(SqlClient sql, long id, Instant next, String error) {
        return sql.preparedQuery("UPDATE alert_outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3"
                        + " WHERE id = $1").execute(Tuple.of(id, utc(next), error)).replaceWithVoid();
    }

    /** Hand-overs not yet taken by budget-service. */
    public Uni<Long> undelivered(SqlClient sql) {
        return sql.query("SELECT count(*) AS n FROM alert_outbox WHERE delivered_at IS NULL").execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }
}

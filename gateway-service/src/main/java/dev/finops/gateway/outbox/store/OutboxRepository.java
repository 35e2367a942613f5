package dev.finops.gateway.outbox.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code usage_outbox} table. Plain SQL on the reactive client: appends and claims are on the hot path of every
 * LLM call, and each is one array-shaped statement whatever the number of rows (docs/decisions/0004).
 */
@ApplicationScoped
public class OutboxRepository {

    /** A row a publish pass holds: its event exactly as stored (the JSON text ingest takes). */
    public record Claimed(long id, String eventId, String event, int attempts) {
    }

    private final Pool pool;
    private final AtomicLong inserts = new AtomicLong();

    public OutboxRepository(Pool pool) {
        this.pool = pool;
    }

    /** One multi-row INSERT (its own transaction): durable when it completes. A known eventId is kept as it was. */
    public Uni<Void> insert(List<String> eventIds, List<String> events) {
        inserts.incrementAndGet();
        return pool.preparedQuery("""
                        INSERT INTO usage_outbox (event_id, event)
                        SELECT e.id, e.ev::jsonb FROM unnest($1::text[], $2::text[]) AS e(id, ev)
                        ON CONFLICT (event_id) DO NOTHING""")
                .execute(Tuple.tuple().addValue(eventIds.toArray(String[]::new))
                        .addValue(events.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} due rows for one publish pass: they are due again only after {@code lease} (so no
     * other pass, on any replica, sends them meanwhile), and carry the pass's {@code claim}. Oldest due first.
     */
    public Uni<List<Claimed>> claim(int limit, Duration lease, UUID claim) {
        return pool.preparedQuery("""
                        UPDATE usage_outbox o
                        SET next_attempt_at = now() + $2 * interval '1 millisecond', attempts = o.attempts + 1,
                            claim = $3
                        FROM (SELECT id FROM usage_outbox WHERE dead_at IS NULL AND next_attempt_at <= now()
                              ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED) due
                        WHERE o.id = due.id
                        RETURNING o.id, o.event_id, o.event::text AS event, o.attempts""")
                .execute(Tuple.of(limit, lease.toMillis(), claim))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        claimed.add(new Claimed(r.getLong("id"), r.getString("event_id"), r.getString("event"),
                                r.getInteger("attempts")));
                    }
                    claimed.sort(Comparator.comparingLong(Claimed::id));
                    return claimed;
                });
    }

    /** Ingest has them: gone from the outbox. */
    public Uni<Integer> delete(List<Long> ids) {
        return pool.preparedQuery("DELETE FROM usage_outbox WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> rows.rowCount());
    }

    /**
     * Not delivered: due again after base × 2^(attempts − 1), ±20 %, at most {@code cap}. Only rows this pass still
     * holds (a pass that outlived its lease must not shorten another's).
     */
    public Uni<Integer> retryLater(List<Long> ids, UUID claim, Duration base, Duration cap, String error) {
        return pool.preparedQuery("""
                        UPDATE usage_outbox SET claim = NULL, last_error = $3,
                            next_attempt_at = now() + least($5::float8,
                                $4::float8 * power(2, least(attempts - 1, 30)) * (0.8 + random() * 0.4))
                                * interval '1 millisecond'
                        WHERE id = ANY($1) AND claim = $2""")
                .execute(Tuple.of(ids.toArray(Long[]::new), claim, error, (double) base.toMillis(),
                        (double) cap.toMillis()))
                .map(rows -> rows.rowCount());
    }

    /** Not sent, through no fault of theirs (another event of the batch was refused): due again at once. */
    public Uni<Integer> release(List<Long> ids, UUID claim) {
        return pool.preparedQuery("""
                        UPDATE usage_outbox SET claim = NULL, next_attempt_at = now()
                        WHERE id = ANY($1) AND claim = $2""")
                .execute(Tuple.of(ids.toArray(Long[]::new), claim))
                .map(rows -> rows.rowCount());
    }

    /** Ingest refused these events themselves: dead, with the reason, never sent again. */
    public Uni<Integer> bury(Map<Long, String> reasons) {
        Long[] ids = reasons.keySet().toArray(Long[]::new);
        String[] why = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            why[i] = reasons.get(ids[i]);
        }
        return pool.preparedQuery("""
                        UPDATE usage_outbox o SET dead_at = now(), last_error = r.reason, claim = NULL
                        FROM unnest($1::bigint[], $2::text[]) AS r(id, reason) WHERE o.id = r.id""")
                .execute(Tuple.tuple().addValue(ids).addValue(why))
                .map(rows -> rows.rowCount());
    }

    /** INSERT statements run so far: group commit makes it far fewer than the appends. */
    public long inserts() {
        return inserts.get();
    }

    /** Rows not yet delivered (in flight included, dead ones not). */
    public Uni<Long> pending() {
        return pool.query("SELECT count(*) AS n FROM usage_outbox WHERE dead_at IS NULL").execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }
}

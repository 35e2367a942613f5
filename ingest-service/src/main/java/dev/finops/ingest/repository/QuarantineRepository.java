package dev.finops.ingest.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Events held above a ceiling: stored once per (team, eventId), resolved once (released or discarded). */
@ApplicationScoped
public class QuarantineRepository {

    /** One held event; {@code event} is the event as read (JSON), {@code resolution} null while it waits. */
    public record Held(String teamId, String eventId, String event, String reason, BigDecimal costUsd,
                       Instant receivedAt, String resolution, Instant resolvedAt, String resolvedBy) {
    }

    private static final String COLUMNS = """
            team_id, event_id, event::text AS event, reason, cost_usd::text AS cost_usd, received_at, resolution,
            resolved_at, resolved_by""";

    public Uni<Void> hold(SqlClient sql, String teamId, String eventId, String eventJson, String reason,
                          BigDecimal costUsd) {
        return sql.preparedQuery("""
                        INSERT INTO quarantined_events (team_id, event_id, event, reason, cost_usd)
                        VALUES ($1, $2, $3::text::jsonb, $4, $5::text::numeric) ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(teamId, eventId, eventJson, reason, costUsd == null ? null : costUsd.toPlainString()))
                .replaceWithVoid();
    }

    /** Waiting events of one team (or every team: null), newest first. */
    public Uni<List<Held>> waiting(SqlClient sql, String teamId, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM quarantined_events WHERE resolution IS NULL"
                        + " AND ($1::text IS NULL OR team_id = $1) ORDER BY received_at DESC, event_id LIMIT $2")
                .execute(Tuple.of(teamId, limit)).map(rows -> {
                    List<Held> held = new ArrayList<>();
                    rows.forEach(r -> held.add(map(r)));
                    return held;
                });
    }

    /** The held events with this eventId (one per team), waiting or resolved, locked for resolution. */
    public Uni<List<Held>> byEventId(SqlClient sql, String eventId) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM quarantined_events WHERE event_id = $1 FOR UPDATE")
                .execute(Tuple.of(eventId)).map(rows -> {
                    List<Held> held = new ArrayList<>();
                    rows.forEach(r -> held.add(map(r)));
                    return held;
                });
    }

    public Uni<Optional<Held>> resolve(SqlClient sql, String teamId, String eventId, String resolution, String by) {
        return sql.preparedQuery("UPDATE quarantined_events SET resolution = $3, resolved_at = now(), resolved_by = $4"
                        + " WHERE team_id = $1 AND event_id = $2 AND resolution IS NULL RETURNING " + COLUMNS)
                .execute(Tuple.of(teamId, eventId, resolution, by))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    private static Held map(Row r) {
        String cost = r.getString("cost_usd");
        return new Held(r.getString("team_id"), r.getString("event_id"), r.getString("event"), r.getString("reason"),
                cost == null ? null : new BigDecimal(cost), r.getOffsetDateTime("received_at").toInstant(),
                r.getString("resolution"),
                r.getOffsetDateTime("resolved_at") == null ? null : r.getOffsetDateTime("resolved_at").toInstant(),
                r.getString("resolved_by"));
    }
}

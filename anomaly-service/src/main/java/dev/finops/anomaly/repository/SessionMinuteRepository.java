package dev.finops.anomaly.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Per-session minute buckets, written with the feed cursor; the burn-rate windows are read back from them. */
@ApplicationScoped
public class SessionMinuteRepository {

    /** One session's spend in one minute (a delta when written, the total when read). */
    public record SessionMinute(String sessionKey, Instant minute, String agentId, String teamId, BigDecimal usd,
                                long calls, long tokens, long errors, Instant lastEventAt) {
    }

    private static final String COLUMNS = "session_key, minute, agent_id, team_id, usd::text AS usd, calls, tokens,"
            + " errors, last_event_at";

    public Uni<Void> add(SqlClient sql, List<SessionMinute> deltas) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("""
                        INSERT INTO session_minutes AS s (session_key, minute, agent_id, team_id, usd, calls, tokens,
                                                          errors, last_event_at)
                        SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[]::numeric[],
                                             $6::bigint[], $7::bigint[], $8::bigint[], $9::timestamptz[])
                        ON CONFLICT (session_key, minute) DO UPDATE SET
                            agent_id = COALESCE(excluded.agent_id, s.agent_id),
                            team_id = COALESCE(excluded.team_id, s.team_id),
                            usd = s.usd + excluded.usd, calls = s.calls + excluded.calls,
                            tokens = s.tokens + excluded.tokens, errors = s.errors + excluded.errors,
                            last_event_at = GREATEST(s.last_event_at, excluded.last_event_at)""")
                .execute(Tuple.tuple(List.of(
                        deltas.stream().map(SessionMinute::sessionKey).toArray(String[]::new),
                        deltas.stream().map(d -> utc(d.minute())).toArray(OffsetDateTime[]::new),
                        deltas.stream().map(SessionMinute::agentId).toArray(String[]::new),
                        deltas.stream().map(SessionMinute::teamId).toArray(String[]::new),
                        deltas.stream().map(d -> d.usd().toPlainString()).toArray(String[]::new),
                        deltas.stream().map(SessionMinute::calls).toArray(Long[]::new),
                        deltas.stream().map(SessionMinute::tokens).toArray(Long[]::new),
                        deltas.stream().map(SessionMinute::errors).toArray(Long[]::new),
                        deltas.stream().map(d -> utc(d.lastEventAt())).toArray(OffsetDateTime[]::new))))
                .replaceWithVoid();
    }

    /** Every bucket from {@code from} on (later ones too: events stamped ahead count when their minute comes). */
    public Uni<List<SessionMinute>> since(SqlClient sql, Instant from) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM session_minutes WHERE minute >= $1"
                        + " ORDER BY session_key, minute")
                .execute(Tuple.of(utc(from))).map(SessionMinuteRepository::list);
    }

    /** The buckets of these sessions from {@code from} on, ordered by session and minute. */
    public Uni<List<SessionMinute>> since(SqlClient sql, Collection<String> sessions, Instant from) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM session_minutes WHERE session_key = ANY($1)"
                        + " AND minute >= $2 ORDER BY session_key, minute")
                .execute(Tuple.of(sessions.toArray(String[]::new), utc(from)))
                .map(SessionMinuteRepository::list);
    }

    public Uni<Integer> deleteBefore(SqlClient sql, Instant before) {
        return sql.preparedQuery("DELETE FROM session_minutes WHERE minute < $1").execute(Tuple.of(utc(before)))
                .map(rows -> rows.rowCount());
    }

    private static List<SessionMinute> list(Iterable<Row> rows) {
        List<SessionMinute> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new SessionMinute(r.getString("session_key"), r.getOffsetDateTime("minute").toInstant(),
                    r.getString("agent_id"), r.getString("team_id"), new BigDecimal(r.getString("usd")),
                    r.getLong("calls"), r.getLong("tokens"), r.getLong("errors"),
                    r.getOffsetDateTime("last_event_at").toInstant()));
        }
        return out;
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

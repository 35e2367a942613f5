package dev.finops.anomaly.repository;

import static dev.finops.anomaly.repository.SessionMinuteRepository.utc;

import dev.finops.anomaly.Anomaly;
import dev.finops.anomaly.Finding;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Anomaly episodes: at most one open per type and subject. Each records the team it is about: the team of a team
 * scope or a session, else the team the feed says its agent or feature reports for (NULL: org-level or shared).
 */
@ApplicationScoped
public class AnomalyRepository {

    private static final String SELECT = """
            SELECT id, dedup_key, type, scope, scope_id, agent_id, team_id, state, first_seen, last_seen, resolved_at,
                   observed::text AS observed, expected::text AS expected, ratio::text AS ratio,
                   peak_ratio::text AS peak_ratio, threshold::text AS threshold, explanation, clear_since
            FROM anomalies""";

    public Uni<List<Anomaly>> open(SqlClient sql, String type) {
        return sql.preparedQuery(SELECT + " WHERE type = $1 AND state = 'open'").execute(Tuple.of(type))
                .map(AnomalyRepository::list);
    }

    public Uni<Anomaly> insertOpen(SqlClient sql, Finding f, Instant now) {
        UUID id = UUID.randomUUID();
        return sql.preparedQuery("""
                        INSERT INTO anomalies (id, dedup_key, type, scope, scope_id, agent_id, team_id, state, first_seen,
                            last_seen, observed, expected, ratio, peak_ratio, threshold, explanation)
                        VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, (SELECT team_id FROM subject_teams
                            WHERE scope = $4 AND scope_id = $5)), 'open', $8, $8, $9::text::numeric, $10::text::numeric,
                            $11::text::numeric, $11::text::numeric, $12::text::numeric, $13)""")
                .execute(Tuple.tuple().addValue(id).addValue("anomaly-service/" + f.type() + "/" + id)
                        .addValue(f.type()).addValue(f.scope()).addValue(f.scopeId()).addValue(f.agentId())
                        .addValue(f.teamId()).addValue(utc(now)).addValue(plain(f.observed()))
                        .addValue(plain(f.expected())).addValue(plain(f.ratio())).addValue(plain(f.threshold()))
                        .addValue(f.explanation()))
                .chain(() -> byId(sql, id));
    }

    /** Still breached: seen now, values refreshed, peak kept, no longer clearing. */
    public Uni<Void> seen(SqlClient sql, UUID id, Finding f, Instant now) {
        return sql.preparedQuery("""
                        UPDATE anomalies SET last_seen = $2, observed = $3::text::numeric, expected = $4::text::numeric,
                            ratio = $5::text::numeric, peak_ratio = GREATEST(peak_ratio, $5::text::numeric),
                            explanation = $6, clear_since = NULL
                        WHERE id = $1""")
                .execute(Tuple.of(id, utc(now), plain(f.observed()), plain(f.expected()), plain(f.ratio()),
                        f.explanation()))
                .replaceWithVoid();
    }

    /** Between the clear level and the threshold: neither seen nor clearing. */
    public Uni<Void> inBand(SqlClient sql, UUID id) {
        return sql.preparedQuery("UPDATE anomalies SET clear_since = NULL WHERE id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    public Uni<Void> clearing(SqlClient sql, UUID id, Instant since) {
        return sql.preparedQuery("UPDATE anomalies SET clear_since = $2 WHERE id = $1 AND clear_since IS NULL")
                .execute(Tuple.of(id, utc(since))).replaceWithVoid();
    }

    public Uni<Anomaly> resolve(SqlClient sql, UUID id, Instant now) {
        return sql.preparedQuery("UPDATE anomalies SET state = 'resolved', resolved_at = $2 WHERE id = $1")
                .execute(Tuple.of(id, utc(now))).chain(() -> byId(sql, id));
    }

    /** Episodes overlapping [from, to], newest first. */
    public Uni<List<Anomaly>> history(SqlClient sql, Instant from, Instant to, String agentId, String type,
                                      String state, String teamId, int limit) {
        return sql.preparedQuery(SELECT + """
                         WHERE first_seen <= $2 AND (resolved_at IS NULL OR resolved_at >= $1)
                          AND ($3::text IS NULL OR agent_id = $3) AND ($4::text IS NULL OR type = $4)
                          AND ($5::text IS NULL OR state = $5) AND ($7::text IS NULL OR team_id = $7)
                        ORDER BY first_seen DESC, id LIMIT $6""")
                .execute(Tuple.from(new Object[] {utc(from), utc(to), agentId, type, state, limit, teamId})).map(AnomalyRepository::list);
    }

    private Uni<Anomaly> byId(SqlClient sql, UUID id) {
        return find(sql, id).map(java.util.Optional::orElseThrow);
    }

    public Uni<java.util.Optional<Anomaly>> find(SqlClient sql, UUID id) {
        return sql.preparedQuery(SELECT + " WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> list(rows).stream().findFirst());
    }

    private static List<Anomaly> list(Iterable<Row> rows) {
        List<Anomaly> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Anomaly(r.getUUID("id"), r.getString("dedup_key"), r.getString("type"), r.getString("scope"),
                    r.getString("scope_id"), r.getString("agent_id"), r.getString("team_id"), r.getString("state"),
                    instant(r.getOffsetDateTime("first_seen")), instant(r.getOffsetDateTime("last_seen")),
                    instant(r.getOffsetDateTime("resolved_at")), new BigDecimal(r.getString("observed")),
                    new BigDecimal(r.getString("expected")), new BigDecimal(r.getString("ratio")),
                    new BigDecimal(r.getString("peak_ratio")), new BigDecimal(r.getString("threshold")),
                    r.getString("explanation"), instant(r.getOffsetDateTime("clear_since"))));
        }
        return out;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String plain(BigDecimal d) {
        return d.toPlainString();
    }
}

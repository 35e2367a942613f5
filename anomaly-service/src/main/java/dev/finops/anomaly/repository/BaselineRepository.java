package dev.finops.anomaly.repository;

import static dev.finops.anomaly.repository.SessionMinuteRepository.utc;

import dev.finops.anomaly.Baseline;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Baselines per agent; a manual one always wins over the automatic one. */
@ApplicationScoped
public class BaselineRepository {

    /** An automatic baseline as computed: median USD of the agent's active hours, and how many there were. */
    public record AutoBaseline(String agentId, BigDecimal usdPerHour, int activeHours) {
    }

    private static final String COLUMNS = "agent_id, usd_per_hour::text AS usd, source, active_hours, updated_at, team_id";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM baselines";

    /** Every baseline, or one team's when {@code teamId} is set. */
    public Uni<List<Baseline>> list(SqlClient sql, String teamId) {
        return sql.preparedQuery(SELECT + " WHERE ($1::text IS NULL OR team_id = $1) ORDER BY agent_id")
                .execute(Tuple.of(teamId)).map(BaselineRepository::list);
    }

    public Uni<java.util.Optional<Baseline>> find(SqlClient sql, String agentId) {
        return sql.preparedQuery(SELECT + " WHERE agent_id = $1").execute(Tuple.of(agentId))
                .map(rows -> list(rows).stream().findFirst());
    }

    public Uni<List<Baseline>> of(SqlClient sql, Collection<String> agents) {
        return sql.preparedQuery(SELECT + " WHERE agent_id = ANY($1)").execute(Tuple.of(agents.toArray(String[]::new)))
                .map(BaselineRepository::list);
    }

    public Uni<Baseline> putManual(SqlClient sql, String agentId, BigDecimal usdPerHour, Instant now, String teamId) {
        return sql.preparedQuery("""
                        INSERT INTO baselines (agent_id, usd_per_hour, source, active_hours, updated_at, team_id)
                        VALUES ($1, $2::text::numeric, 'manual', NULL, $3, $4)
                        ON CONFLICT (agent_id) DO UPDATE SET usd_per_hour = excluded.usd_per_hour, source = 'manual',
                            active_hours = NULL, updated_at = excluded.updated_at, team_id = excluded.team_id
                        RETURNING\s""" + COLUMNS)
                .execute(Tuple.of(agentId, usdPerHour.toPlainString(), utc(now), teamId))
                .map(rows -> list(rows).get(0));
    }

    /** Removes a manual baseline; false when the agent has none. */
    public Uni<Boolean> deleteManual(SqlClient sql, String agentId) {
        return sql.preparedQuery("DELETE FROM baselines WHERE agent_id = $1 AND source = 'manual'")
                .execute(Tuple.of(agentId)).map(rows -> rows.rowCount() == 1);
    }

    /** Replaces every automatic baseline with these (manual ones stay untouched). */
    public Uni<Void> replaceAuto(SqlClient sql, List<AutoBaseline> auto, Instant now) {
        String[] agents = auto.stream().map(AutoBaseline::agentId).toArray(String[]::new);
        return sql.preparedQuery("DELETE FROM baselines WHERE source = 'auto' AND NOT (agent_id = ANY($1))")
                .execute(Tuple.of(agents))
                .chain(() -> auto.isEmpty() ? Uni.createFrom().voidItem() : sql.preparedQuery("""
                                INSERT INTO baselines AS b (agent_id, usd_per_hour, source, active_hours, updated_at, team_id)
                                SELECT a, u::numeric, 'auto', h, $4, (SELECT team_id FROM subject_teams s
                                    WHERE s.scope = 'agent' AND s.scope_id = a)
                                FROM unnest($1::text[], $2::text[], $3::int[]) AS x(a, u, h)
                                ON CONFLICT (agent_id) DO UPDATE SET usd_per_hour = excluded.usd_per_hour,
                                    active_hours = excluded.active_hours, updated_at = excluded.updated_at,
                                    team_id = excluded.team_id
                                WHERE b.source = 'auto'""")
                        .execute(Tuple.of(agents, auto.stream().map(a -> a.usdPerHour().toPlainString())
                                .toArray(String[]::new), auto.stream().map(AutoBaseline::activeHours)
                                .toArray(Integer[]::new), utc(now)))
                        .replaceWithVoid());
    }

    private static List<Baseline> list(Iterable<Row> rows) {
        List<Baseline> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Baseline(r.getString("agent_id"), new BigDecimal(r.getString("usd")), r.getString("source"),
                    r.getInteger("active_hours"), r.getOffsetDateTime("updated_at").toInstant(), r.getString("team_id")));
        }
        return out;
    }
}

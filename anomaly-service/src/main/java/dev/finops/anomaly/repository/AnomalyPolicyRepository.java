package dev.finops.anomaly.repository;

import dev.finops.anomaly.AnomalyPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Per-agent multipliers. */
@ApplicationScoped
public class AnomalyPolicyRepository {

    private static final String COLUMNS = "agent_id, multiplier::text AS m, managed_by, updated_at, team_id";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM anomaly_policies";

    /** Every policy, or one team's when {@code teamId} is set. */
    public Uni<List<AnomalyPolicy>> list(SqlClient sql, String teamId) {
        return sql.preparedQuery(SELECT + " WHERE ($1::text IS NULL OR team_id = $1) ORDER BY agent_id")
                .execute(Tuple.of(teamId)).map(AnomalyPolicyRepository::list);
    }

    public Uni<List<AnomalyPolicy>> of(SqlClient sql, Collection<String> agents) {
        return sql.preparedQuery(SELECT + " WHERE agent_id = ANY($1)").execute(Tuple.of(agents.toArray(String[]::new)))
                .map(AnomalyPolicyRepository::list);
    }

    public Uni<AnomalyPolicy> put(SqlClient sql, String agentId, BigDecimal multiplier, String teamId) {
        return sql.preparedQuery("""
                        INSERT INTO anomaly_policies (agent_id, multiplier, team_id) VALUES ($1, $2::text::numeric, $3)
                        ON CONFLICT (agent_id) DO UPDATE SET multiplier = excluded.multiplier, updated_at = now(),
                            team_id = excluded.team_id
                        RETURNING\s""" + COLUMNS)
                .execute(Tuple.of(agentId, multiplier.toPlainString(), teamId)).map(rows -> list(rows).get(0));
    }

    public Uni<Boolean> delete(SqlClient sql, String agentId) {
        return sql.preparedQuery("DELETE FROM anomaly_policies WHERE agent_id = $1").execute(Tuple.of(agentId))
                .map(rows -> rows.rowCount() == 1);
    }

    private static List<AnomalyPolicy> list(Iterable<Row> rows) {
        List<AnomalyPolicy> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new AnomalyPolicy(r.getString("agent_id"), new BigDecimal(r.getString("m")), r.getString("managed_by"),
                    r.getOffsetDateTime("updated_at").toInstant(), r.getString("team_id")));
        }
        return out;
    }
}

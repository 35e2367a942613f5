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

    private static final String SELECT = "SELECT agent_id, multiplier::text AS m, managed_by, updated_at FROM anomaly_policies";

    public Uni<List<AnomalyPolicy>> list(SqlClient sql) {
        return sql.query(SELECT + " ORDER BY agent_id").execute().map(AnomalyPolicyRepository::list);
    }

    public Uni<List<AnomalyPolicy>> of(SqlClient sql, Collection<String> agents) {
        return sql.preparedQuery(SELECT + " WHERE agent_id = ANY($1)").execute(Tuple.of(agents.toArray(String[]::new)))
                .map(AnomalyPolicyRepository::list);
    }

    public Uni<AnomalyPolicy> put(SqlClient sql, String agentId, BigDecimal multiplier) {
        return sql.preparedQuery("""
                        INSERT INTO anomaly_policies (agent_id, multiplier) VALUES ($1, $2::text::numeric)
                        ON CONFLICT (agent_id) DO UPDATE SET multiplier = excluded.multiplier, updated_at = now()
                        RETURNING agent_id, multiplier::text AS m, managed_by, updated_at""")
                .execute(Tuple.of(agentId, multiplier.toPlainString())).map(rows -> list(rows).get(0));
    }

    public Uni<Boolean> delete(SqlClient sql, String agentId) {
        return sql.preparedQuery("DELETE FROM anomaly_policies WHERE agent_id = $1").execute(Tuple.of(agentId))
                .map(rows -> rows.rowCount() == 1);
    }

    private static List<AnomalyPolicy> list(Iterable<Row> rows) {
        List<AnomalyPolicy> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new AnomalyPolicy(r.getString("agent_id"), new BigDecimal(r.getString("m")), r.getString("managed_by"),
                    r.getOffsetDateTime("updated_at").toInstant()));
        }
        return out;
    }
}

package dev.finops.pricing.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Models priced by a ModelPrice resource: which resource, and the rate version it last appended. */
@ApplicationScoped
public class ManagedModelRepository {

    /** Every managed model and the resource that prices it. */
    public Uni<Map<String, String>> all(SqlClient sql) {
        return sql.query("SELECT model_id, managed_by FROM managed_models").execute().map(rows -> {
            Map<String, String> owners = new HashMap<>();
            rows.forEach(r -> owners.put(r.getString(0), r.getString(1)));
            return owners;
        });
    }

    public Uni<Optional<Long>> version(SqlConnection conn, String modelId) {
        return conn.preparedQuery("SELECT version FROM managed_models WHERE model_id = $1").execute(Tuple.of(modelId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getLong(0)) : Optional.empty());
    }

    public Uni<Void> upsert(SqlConnection conn, String modelId, String owner, long version) {
        return conn.preparedQuery("""
                INSERT INTO managed_models (model_id, managed_by, version) VALUES ($1, $2, $3)
                ON CONFLICT (model_id) DO UPDATE SET managed_by = excluded.managed_by, version = excluded.version""")
                .execute(Tuple.of(modelId, owner, version)).replaceWithVoid();
    }

    /** The resource no longer prices its model (deleted, or now names another model). */
    public Uni<Void> release(SqlConnection conn, String owner) {
        return conn.preparedQuery("DELETE FROM managed_models WHERE managed_by = $1").execute(Tuple.of(owner))
                .replaceWithVoid();
    }
}

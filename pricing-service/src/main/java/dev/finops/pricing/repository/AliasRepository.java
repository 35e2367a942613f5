package dev.finops.pricing.repository;

import dev.finops.pricing.ModelAlias;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class AliasRepository {

    /** The alias table and the revision it belongs to, read in one statement (one snapshot). */
    public record AliasTable(long revision, List<ModelAlias> aliases) {
    }

    private final Pool pool;

    public AliasRepository(Pool pool) {
        this.pool = pool;
    }

    /** Adds or re-points aliases; {@code ifAbsent} leaves existing ones alone (the catalog's defaults). */
    public Uni<Void> upsert(SqlConnection conn, List<ModelAlias> aliases, boolean ifAbsent) {
        if (aliases.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String onConflict = ifAbsent ? "DO NOTHING"
                : "DO UPDATE SET model_id = excluded.model_id, updated_at = now()";
        return conn.preparedQuery("INSERT INTO model_aliases (alias, model_id) SELECT * FROM unnest($1::text[], $2::text[])"
                        + " ON CONFLICT (alias) " + onConflict)
                .execute(Tuple.of(aliases.stream().map(ModelAlias::alias).toArray(String[]::new),
                        aliases.stream().map(ModelAlias::modelId).toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** The current target of each of these aliases that exists, read in the caller's transaction. */
    public Uni<java.util.Map<String, ModelAlias>> find(SqlConnection conn, List<String> names) {
        return conn.preparedQuery("SELECT alias, model_id FROM model_aliases WHERE alias = ANY($1)")
                .execute(Tuple.of(names.toArray(String[]::new))).map(rows -> {
                    java.util.Map<String, ModelAlias> found = new java.util.HashMap<>();
                    for (var row : rows) {
                        found.put(row.getString("alias"), new ModelAlias(row.getString("alias"), row.getString("model_id")));
                    }
                    return found;
                });
    }

    public Uni<Boolean> delete(SqlConnection conn, String alias) {
        return conn.preparedQuery("DELETE FROM model_aliases WHERE alias = $1").execute(Tuple.of(alias))
                .map(rows -> rows.rowCount() > 0);
    }

    public Uni<AliasTable> table() {
        return pool.query("""
                SELECT r.revision, a.alias, a.model_id FROM revisions r LEFT JOIN model_aliases a ON true
                WHERE r.kind = 'aliases' ORDER BY a.alias""").execute().map(rows -> {
            long revision = 0;
            List<ModelAlias> aliases = new ArrayList<>();
            for (var row : rows) {
                revision = row.getLong("revision");
                if (row.getString("alias") != null) {
                    aliases.add(new ModelAlias(row.getString("alias"), row.getString("model_id")));
                }
            }
            return new AliasTable(revision, aliases);
        });
    }
}

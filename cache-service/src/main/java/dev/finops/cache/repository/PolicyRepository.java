package dev.finops.cache.repository;

import dev.finops.cache.CachePolicy;
import dev.finops.cache.Tenants;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Cache policies per namespace and team (team null: the org's, which applies to teams without their own). */
@ApplicationScoped
public class PolicyRepository {

    private static final String SELECT = """
            SELECT namespace, team_id, enabled, similarity_threshold::text AS threshold, ttl_hours::text AS ttl,
                   max_entries, exact_only, updated_at FROM cache_policies""";

    private final Pool pool;

    public PolicyRepository(Pool pool) {
        this.pool = pool;
    }

    /** The policy a team's lookups in a namespace run with: the team's own, else the org's; null when neither. */
    public Uni<CachePolicy> effective(String namespace, String team) {
        return pool.preparedQuery(SELECT + " WHERE namespace = $1 AND COALESCE(team_id, '') IN ($2, '') "
                        + "ORDER BY COALESCE(team_id, '') = $2 DESC LIMIT 1")
                .execute(Tuple.of(namespace, Tenants.of(team)))
                .map(rows -> rows.size() == 0 ? null : policy(rows.iterator().next()));
    }

    /** Exactly this team's (or, team null, the org's) policy of the namespace. */
    public Uni<CachePolicy> find(SqlClient sql, String namespace, String team) {
        return sql.preparedQuery(SELECT + " WHERE namespace = $1 AND COALESCE(team_id, '') = $2")
                .execute(Tuple.of(namespace, Tenants.of(team)))
                .map(rows -> rows.size() == 0 ? null : policy(rows.iterator().next()));
    }

    /** Every policy ({@code team} null), or the ones a team's lookups can run with: its own and the org's. */
    public Uni<List<CachePolicy>> all(String team) {
        return pool.preparedQuery(SELECT + " WHERE $1::text IS NULL OR team_id IS NULL OR team_id = $1 "
                + "ORDER BY namespace, team_id NULLS FIRST").execute(Tuple.of(team)).map(rows -> {
                    List<CachePolicy> list = new ArrayList<>();
                    rows.forEach(r -> list.add(policy(r)));
                    return list;
                });
    }

    public Uni<CachePolicy> save(SqlClient sql, CachePolicy p) {
        return sql.preparedQuery("""
                        INSERT INTO cache_policies (namespace, enabled, similarity_threshold, ttl_hours, max_entries,
                            exact_only, team_id)
                        VALUES ($1, $2, $3::text::numeric, $4::text::numeric, $5, $6, $7)
                        ON CONFLICT (namespace, (COALESCE(team_id, ''))) DO UPDATE SET enabled = EXCLUDED.enabled,
                            similarity_threshold = EXCLUDED.similarity_threshold, ttl_hours = EXCLUDED.ttl_hours,
                            max_entries = EXCLUDED.max_entries, exact_only = EXCLUDED.exact_only, updated_at = now()""")
                .execute(Tuple.tuple().addValue(p.namespace()).addValue(p.enabled())
                        .addValue(p.similarityThreshold().toPlainString()).addValue(p.ttlHours().toPlainString())
                        .addValue(p.maxEntries()).addValue(p.exactOnly()).addValue(p.teamId()))
                .chain(() -> find(sql, p.namespace(), p.teamId()));
    }

    public Uni<Boolean> delete(SqlClient sql, String namespace, String team) {
        return sql.preparedQuery("DELETE FROM cache_policies WHERE namespace = $1 AND COALESCE(team_id, '') = $2")
                .execute(Tuple.of(namespace, Tenants.of(team))).map(r -> r.rowCount() > 0);
    }

    private static CachePolicy policy(Row r) {
        return new CachePolicy(r.getString("namespace"), r.getString("team_id"), r.getBoolean("enabled"),
                new BigDecimal(r.getString("threshold")).stripTrailingZeros(),
                new BigDecimal(r.getString("ttl")).stripTrailingZeros(), r.getInteger("max_entries"),
                r.getBoolean("exact_only"), r.getOffsetDateTime("updated_at").toInstant());
    }
}

package dev.finops.cache.repository;

import dev.finops.cache.CachePolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Per-namespace cache policies. */
@ApplicationScoped
public class PolicyRepository {

    private static final String SELECT = """
            SELECT namespace, enabled, similarity_threshold::text AS threshold, ttl_hours::text AS ttl, max_entries,
                   exact_only, updated_at FROM cache_policies""";

    private final Pool pool;

    public PolicyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<CachePolicy> find(String namespace) {
        return pool.preparedQuery(SELECT + " WHERE namespace = $1").execute(Tuple.of(namespace))
                .map(rows -> rows.size() == 0 ? null : policy(rows.iterator().next()));
    }

    public Uni<List<CachePolicy>> all() {
        return pool.query(SELECT + " ORDER BY namespace").execute().map(rows -> {
            List<CachePolicy> list = new ArrayList<>();
            rows.forEach(r -> list.add(policy(r)));
            return list;
        });
    }

    public Uni<CachePolicy> save(CachePolicy p) {
        return pool.preparedQuery("""
                        INSERT INTO cache_policies (namespace, enabled, similarity_threshold, ttl_hours, max_entries, exact_only)
                        VALUES ($1, $2, $3::text::numeric, $4::text::numeric, $5, $6)
                        ON CONFLICT (namespace) DO UPDATE SET enabled = EXCLUDED.enabled,
                            similarity_threshold = EXCLUDED.similarity_threshold, ttl_hours = EXCLUDED.ttl_hours,
                            max_entries = EXCLUDED.max_entries, exact_only = EXCLUDED.exact_only, updated_at = now()""")
                .execute(Tuple.tuple().addValue(p.namespace()).addValue(p.enabled())
                        .addValue(p.similarityThreshold().toPlainString()).addValue(p.ttlHours().toPlainString())
                        .addValue(p.maxEntries()).addValue(p.exactOnly()))
                .chain(() -> find(p.namespace()));
    }

    public Uni<Boolean> delete(String namespace) {
        return pool.preparedQuery("DELETE FROM cache_policies WHERE namespace = $1").execute(Tuple.of(namespace))
                .map(r -> r.rowCount() > 0);
    }

    private static CachePolicy policy(Row r) {
        return new CachePolicy(r.getString("namespace"), r.getBoolean("enabled"),
                new BigDecimal(r.getString("threshold")).stripTrailingZeros(),
                new BigDecimal(r.getString("ttl")).stripTrailingZeros(), r.getInteger("max_entries"),
                r.getBoolean("exact_only"), r.getOffsetDateTime("updated_at").toInstant());
    }
}

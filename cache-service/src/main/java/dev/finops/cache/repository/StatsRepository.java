package dev.finops.cache.repository;

import dev.finops.cache.Tenants;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** Lookup outcomes and money per namespace and UTC hour: the persisted source of roi-stats and cache-impact. */
@ApplicationScoped
public class StatsRepository {

    /** What one lookup or store adds to its namespace's current hour; deltas of one hour add up before they are written. */
    public record Delta(long hits, long exactHits, long misses, long unpricedHits, BigDecimal savingsUsd,
                        long embeddingTokens, BigDecimal embeddingCostUsd, long evictions) {

        public Delta plus(Delta o) {
            return new Delta(hits + o.hits, exactHits + o.exactHits, misses + o.misses, unpricedHits + o.unpricedHits,
                    savingsUsd.add(o.savingsUsd), embeddingTokens + o.embeddingTokens,
                    embeddingCostUsd.add(o.embeddingCostUsd), evictions + o.evictions);
        }
    }

    /** A row of cache_stats: one team's (tenant "" = the org's) lookups in one namespace in one UTC hour. */
    public record NamespaceHour(String tenant, String namespace, Instant hour) {
    }

    /** Totals of one team's lookups in one namespace since its first recorded hour (teamId null: the org's). */
    public record Totals(String teamId, String namespace, long hits, long exactHits, long misses, long unpricedHits,
                         BigDecimal savingsUsd, long embeddingTokens, BigDecimal embeddingCostUsd, Instant since) {
    }

    /** One time bucket of cache-impact. */
    public record Bucket(Instant start, long hits, long misses, BigDecimal savingsUsd) {
    }

    private final Pool pool;

    public StatsRepository(Pool pool) {
        this.pool = pool;
    }

    /** Creates the connection pool now if it is not yet (it connects lazily); see PendingStats#onStart. */
    public void openPool() {
        pool.getDelegate();
    }

    /**
     * Adds the deltas to their rows in one statement. Rows are written in the map's order: writers that all sort the
     * same way (replicas, overlapping flushes) lock rows in the same order and cannot deadlock.
     */
    public Uni<Void> add(SortedMap<NamespaceHour, Delta> deltas) {
        int n = deltas.size();
        String[] namespaces = new String[n];
        String[] teams = new String[n];
        OffsetDateTime[] hours = new OffsetDateTime[n];
        Long[] hits = new Long[n], exactHits = new Long[n], misses = new Long[n], unpriced = new Long[n];
        Long[] tokens = new Long[n], evictions = new Long[n];
        String[] savings = new String[n], embeddingCost = new String[n];
        int i = 0;
        for (Map.Entry<NamespaceHour, Delta> e : deltas.entrySet()) {
            Delta d = e.getValue();
            namespaces[i] = e.getKey().namespace();
            teams[i] = Tenants.team(e.getKey().tenant());
            hours[i] = e.getKey().hour().atOffset(ZoneOffset.UTC);
            hits[i] = d.hits();
            exactHits[i] = d.exactHits();
            misses[i] = d.misses();
            unpriced[i] = d.unpricedHits();
            savings[i] = d.savingsUsd().toPlainString();
            tokens[i] = d.embeddingTokens();
            embeddingCost[i] = d.embeddingCostUsd().toPlainString();
            evictions[i] = d.evictions();
            i++;
        }
        return pool.preparedQuery("""
                        INSERT INTO cache_stats (namespace, bucket, hits, exact_hits, misses, unpriced_hits, savings_usd,
                            embedding_tokens, embedding_cost_usd, evictions, team_id)
                        SELECT namespace, bucket, hits, exact_hits, misses, unpriced_hits, savings::numeric, tokens,
                               embedding_cost::numeric, evictions, team
                        FROM unnest($1::text[], $2::timestamptz[], $3::int8[], $4::int8[], $5::int8[], $6::int8[],
                                    $7::text[], $8::int8[], $9::text[], $10::int8[], $11::text[])
                            WITH ORDINALITY AS d(namespace, bucket, hits, exact_hits, misses, unpriced_hits, savings,
                                                 tokens, embedding_cost, evictions, team, ord)
                        ORDER BY ord
                        ON CONFLICT (namespace, (COALESCE(team_id, '')), bucket) DO UPDATE SET hits = cache_stats.hits + EXCLUDED.hits,
                            exact_hits = cache_stats.exact_hits + EXCLUDED.exact_hits,
                            misses = cache_stats.misses + EXCLUDED.misses,
                            unpriced_hits = cache_stats.unpriced_hits + EXCLUDED.unpriced_hits,
                            savings_usd = cache_stats.savings_usd + EXCLUDED.savings_usd,
                            embedding_tokens = cache_stats.embedding_tokens + EXCLUDED.embedding_tokens,
                            embedding_cost_usd = cache_stats.embedding_cost_usd + EXCLUDED.embedding_cost_usd,
                            evictions = cache_stats.evictions + EXCLUDED.evictions""")
                .execute(Tuple.tuple().addValue(namespaces).addValue(hours).addValue(hits).addValue(exactHits)
                        .addValue(misses).addValue(unpriced).addValue(savings).addValue(tokens).addValue(embeddingCost)
                        .addValue(evictions).addValue(teams))
                .replaceWithVoid();
    }

    /**
     * Totals per team and namespace, of one namespace when {@code namespace} is not null, of one tenant when
     * {@code tenant} is not null ("": the org's own lookups).
     */
    public Uni<List<Totals>> totals(String namespace, String tenant) {
        return pool.preparedQuery("""
                        SELECT team_id, namespace, sum(hits) AS hits, sum(exact_hits) AS exact_hits, sum(misses) AS misses,
                               sum(unpriced_hits) AS unpriced, sum(savings_usd)::text AS savings,
                               sum(embedding_tokens) AS tokens, sum(embedding_cost_usd)::text AS embedding_cost,
                               min(bucket) AS since
                        FROM cache_stats WHERE ($1::text IS NULL OR namespace = $1)
                          AND ($2::text IS NULL OR COALESCE(team_id, '') = $2)
                        GROUP BY team_id, namespace ORDER BY namespace, team_id NULLS FIRST""")
                .execute(Tuple.of(namespace, tenant)).map(rows -> {
                    List<Totals> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new Totals(r.getString("team_id"), r.getString("namespace"), r.getLong("hits"), r.getLong("exact_hits"),
                                r.getLong("misses"), r.getLong("unpriced"), new BigDecimal(r.getString("savings")),
                                r.getLong("tokens"), new BigDecimal(r.getString("embedding_cost")),
                                r.getOffsetDateTime("since").toInstant()));
                    }
                    return list;
                });
    }

    /** {@code count} buckets of {@code unit} ('hour' or 'day', UTC) ending with the current one, empty ones included. */
    public Uni<List<Bucket>> series(String unit, int count, String namespace, String tenant) {
        return pool.preparedQuery("""
                        WITH b AS (
                            SELECT g AS start FROM generate_series(
                                date_trunc($1, now() AT TIME ZONE 'UTC') - ($2::int - 1) * ('1 ' || $1)::interval,
                                date_trunc($1, now() AT TIME ZONE 'UTC'), ('1 ' || $1)::interval) g)
                        SELECT b.start, COALESCE(sum(s.hits), 0) AS hits, COALESCE(sum(s.misses), 0) AS misses,
                               COALESCE(sum(s.savings_usd), 0)::text AS savings
                        FROM b LEFT JOIN cache_stats s ON date_trunc($1, s.bucket AT TIME ZONE 'UTC') = b.start
                            AND ($3::text IS NULL OR s.namespace = $3)
                            AND ($4::text IS NULL OR COALESCE(s.team_id, '') = $4)
                        GROUP BY b.start ORDER BY b.start""")
                .execute(Tuple.of(unit, count, namespace, tenant)).map(rows -> {
                    List<Bucket> list = new ArrayList<>();
                    for (Row r : rows) {
                        LocalDateTime start = r.getLocalDateTime("start");
                        list.add(new Bucket(start.toInstant(ZoneOffset.UTC), r.getLong("hits"), r.getLong("misses"),
                                new BigDecimal(r.getString("savings"))));
                    }
                    return list;
                });
    }
}

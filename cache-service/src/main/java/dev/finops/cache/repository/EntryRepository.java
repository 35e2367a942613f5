package dev.finops.cache.repository;

import dev.finops.cache.CacheEntry;
import dev.finops.cache.CacheKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Cache entries in plain SQL: the vector search is the hot path, with every isolation filter in the same query. */
@ApplicationScoped
public class EntryRepository {

    /** A stored entry that may answer a lookup, with its cosine similarity to the lookup (1 for the exact path). */
    public record Candidate(UUID id, String prompt, String response, long inputTokens, long outputTokens,
                            double similarity) {
    }

    private static final String COLUMNS = """
            id, namespace, model, scope_hash, prompt, response, input_tokens, output_tokens, embedding_model,
            ttl_hours::text AS ttl_hours, created_at, expires_at, hit_count, last_hit_at""";

    private final Pool pool;

    public EntryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores or replaces the entry for this key (a newer answer to the same prompt wins). */
    public Uni<CacheEntry> upsert(CacheKey key, String response, long inputTokens, long outputTokens, float[] vector,
                                  String embeddingModel, BigDecimal ttlHours) {
        return pool.preparedQuery("""
                        INSERT INTO cache_entries (id, namespace, model, scope_hash, prompt_hash, prompt, response,
                            input_tokens, output_tokens, embedding, embedding_model, ttl_hours, expires_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::real[]::vector, $11, $12::text::numeric,
                            now() + $12::text::float8 * interval '1 hour')
                        ON CONFLICT (namespace, model, scope_hash, prompt_hash) DO UPDATE SET prompt = EXCLUDED.prompt,
                            response = EXCLUDED.response, input_tokens = EXCLUDED.input_tokens,
                            output_tokens = EXCLUDED.output_tokens, embedding = EXCLUDED.embedding,
                            embedding_model = EXCLUDED.embedding_model, ttl_hours = EXCLUDED.ttl_hours,
                            created_at = now(), expires_at = EXCLUDED.expires_at, hit_count = 0, last_hit_at = NULL
                        RETURNING\s""" + COLUMNS)
                .execute(Tuple.tuple().addValue(UUID.randomUUID()).addValue(key.namespace()).addValue(key.model())
                        .addValue(key.scopeHash()).addValue(key.textHash()).addValue(key.text()).addValue(response)
                        .addValue(inputTokens).addValue(outputTokens).addValue(boxed(vector)).addValue(embeddingModel)
                        .addValue(ttlHours.toPlainString()))
                .map(rows -> entry(rows.iterator().next()));
    }

    /** The exact path: same key and the same normalised text, no embedding needed. */
    public Uni<Candidate> exact(CacheKey key) {
        return pool.preparedQuery("""
                        SELECT id, prompt, response, input_tokens, output_tokens, 1.0::float8 AS similarity
                        FROM cache_entries
                        WHERE namespace = $1 AND model = $2 AND scope_hash = $3 AND prompt_hash = $4
                          AND expires_at > now()""")
                .execute(Tuple.of(key.namespace(), key.model(), key.scopeHash(), key.textHash()))
                .map(rows -> rows.size() == 0 ? null : candidate(rows.iterator().next()));
    }

    /**
     * The nearest live entries of the same namespace, model, scope and embedding model. The filters are part of the
     * index scan (pgvector iterative scan), so an entry of another tenant can never be returned nor crowd out ours.
     * {@code hnsw.ef_search} and {@code hnsw.iterative_scan} are set once per pooled connection when it connects
     * (application.properties), so the search is this one statement: one round trip, no transaction around it.
     */
    public Uni<List<Candidate>> nearest(CacheKey key, float[] vector, String embeddingModel, int limit) {
        return pool.preparedQuery("""
                        SELECT id, prompt, response, input_tokens, output_tokens,
                               1 - (embedding <=> $1::real[]::vector) AS similarity
                        FROM cache_entries
                        WHERE namespace = $2 AND model = $3 AND scope_hash = $4 AND embedding_model = $5
                          AND expires_at > now()
                        ORDER BY embedding <=> $1::real[]::vector
                        LIMIT $6""")
                .execute(Tuple.of(boxed(vector), key.namespace(), key.model(), key.scopeHash(), embeddingModel, limit))
                .map(EntryRepository::candidates);
    }

    public Uni<Void> touch(UUID id) {
        return pool.preparedQuery("UPDATE cache_entries SET hit_count = hit_count + 1, last_hit_at = now() WHERE id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Boolean> delete(UUID id) {
        return pool.preparedQuery("DELETE FROM cache_entries WHERE id = $1").execute(Tuple.of(id))
                .map(r -> r.rowCount() > 0);
    }

    /** Invalidates a namespace, or one model in it. */
    public Uni<Integer> invalidate(String namespace, String model) {
        return pool.preparedQuery("DELETE FROM cache_entries WHERE namespace = $1 AND ($2::text IS NULL OR model = $2)")
                .execute(Tuple.of(namespace, model)).map(RowSet::rowCount);
    }

    /** Keeps the {@code maxEntries} most recently hit (or stored) entries of a namespace; returns how many went. */
    public Uni<Integer> evict(String namespace, int maxEntries) {
        return pool.preparedQuery("""
                        DELETE FROM cache_entries WHERE id IN (
                            SELECT id FROM cache_entries WHERE namespace = $1
                            ORDER BY COALESCE(last_hit_at, created_at) DESC, created_at DESC OFFSET $2)""")
                .execute(Tuple.of(namespace, maxEntries)).map(RowSet::rowCount);
    }

    public Uni<Integer> purgeExpired() {
        return pool.query("DELETE FROM cache_entries WHERE expires_at <= now()").execute().map(RowSet::rowCount);
    }

    public Uni<List<CacheEntry>> page(String namespace, String model, int limit, int offset) {
        return pool.preparedQuery("SELECT " + COLUMNS + """
                         FROM cache_entries WHERE namespace = $1 AND ($2::text IS NULL OR model = $2)
                        ORDER BY created_at DESC, id LIMIT $3 OFFSET $4""")
                .execute(Tuple.of(namespace, model, limit, offset))
                .map(rows -> {
                    List<CacheEntry> list = new ArrayList<>();
                    rows.forEach(r -> list.add(entry(r)));
                    return list;
                });
    }

    public Uni<Long> count(String namespace, String model) {
        return pool.preparedQuery("SELECT count(*) FROM cache_entries WHERE namespace = $1 AND ($2::text IS NULL OR model = $2)")
                .execute(Tuple.of(namespace, model)).map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Long> countAll() {
        return pool.query("SELECT count(*) FROM cache_entries").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    private static List<Candidate> candidates(RowSet<Row> rows) {
        List<Candidate> list = new ArrayList<>();
        rows.forEach(r -> list.add(candidate(r)));
        return list;
    }

    private static Candidate candidate(Row r) {
        return new Candidate(r.getUUID("id"), r.getString("prompt"), r.getString("response"), r.getLong("input_tokens"),
                r.getLong("output_tokens"), r.getDouble("similarity"));
    }

    private static CacheEntry entry(Row r) {
        return new CacheEntry(r.getUUID("id"), r.getString("namespace"), r.getString("model"), r.getString("scope_hash"),
                r.getString("prompt"), r.getString("response"), r.getLong("input_tokens"), r.getLong("output_tokens"),
                r.getString("embedding_model"), new BigDecimal(r.getString("ttl_hours")).stripTrailingZeros(),
                instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("expires_at")),
                r.getLong("hit_count"), instant(r.getOffsetDateTime("last_hit_at")));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static Float[] boxed(float[] v) {
        Float[] b = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return b;
    }
}

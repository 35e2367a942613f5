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

    /**
     * A stored entry that may answer a lookup, with its cosine similarity to the lookup (1 for the exact path) and
     * the team that stored it (null: the org).
     */
    public record Candidate(UUID id, String prompt, String response, long inputTokens, long outputTokens,
                            double similarity, String teamId) {
    }

    /**
     * The teams whose entries answer a lookup of {@code $1} (the caller's tenant) in namespace {@code $2}: its own, and
     * those of every team that shares the namespace with it. Part of the lookup's statement (one round trip); an
     * InitPlan, so the index scans see a constant array.
     */
    private static final String READABLE_TENANTS = """
            ARRAY[$1::text] || ARRAY(SELECT owner_team FROM cache_sharing WHERE namespace = $2 AND owner_team <> $1
                                     AND (all_teams OR $1 = ANY(teams)))""";

    private static final String COLUMNS = """
            id, team_id, namespace, model, scope_hash, prompt, response, input_tokens, output_tokens, embedding_model,
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
                            input_tokens, output_tokens, embedding, embedding_model, ttl_hours, expires_at, team_id)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::real[]::vector, $11, $12::text::numeric,
                            now() + $12::text::float8 * interval '1 hour', $13)
                        ON CONFLICT (namespace, (COALESCE(team_id, '')), model, scope_hash, prompt_hash) DO UPDATE SET prompt = EXCLUDED.prompt,
                            response = EXCLUDED.response, input_tokens = EXCLUDED.input_tokens,
                            output_tokens = EXCLUDED.output_tokens, embedding = EXCLUDED.embedding,
                            embedding_model = EXCLUDED.embedding_model, ttl_hours = EXCLUDED.ttl_hours,
                            created_at = now(), expires_at = EXCLUDED.expires_at, hit_count = 0, last_hit_at = NULL
                        RETURNING\s""" + COLUMNS)
                .execute(Tuple.tuple().addValue(UUID.randomUUID()).addValue(key.namespace()).addValue(key.model())
                        .addValue(key.scopeHash()).addValue(key.textHash()).addValue(key.text()).addValue(response)
                        .addValue(inputTokens).addValue(outputTokens).addValue(boxed(vector)).addValue(embeddingModel)
                        .addValue(ttlHours.toPlainString()).addValue(key.teamId()))
                .map(rows -> entry(rows.iterator().next()));
    }

    /**
     * The exact path: same key and the same normalised text, no embedding needed; the caller's own entry before one
     * of a team that shares the namespace with it.
     */
    public Uni<Candidate> exact(CacheKey key) {
        return pool.preparedQuery("""
                        SELECT id, prompt, response, input_tokens, output_tokens, 1.0::float8 AS similarity, team_id
                        FROM cache_entries
                        WHERE namespace = $2 AND COALESCE(team_id, '') = ANY(""" + READABLE_TENANTS + """
                        ) AND model = $3 AND scope_hash = $4 AND prompt_hash = $5 AND expires_at > now()
                        ORDER BY COALESCE(team_id, '') = $1 DESC LIMIT 1""")
                .execute(Tuple.of(key.tenant(), key.namespace(), key.model(), key.scopeHash(), key.textHash()))
                .map(rows -> rows.size() == 0 ? null : candidate(rows.iterator().next()));
    }

    /**
     * The nearest live entries of the same team (or a team sharing the namespace with it), namespace, model, scope and
     * embedding model. The filters are part of the index scan (pgvector iterative scan), so an entry of another team
     * or namespace can never be returned nor crowd out ours.
     * {@code hnsw.ef_search} and {@code hnsw.iterative_scan} are set once per pooled connection when it connects
     * (application.properties), so the search is this one statement: one round trip, no transaction around it.
     */
    public Uni<List<Candidate>> nearest(CacheKey key, float[] vector, String embeddingModel, int limit) {
        return pool.preparedQuery("""
                        SELECT id, prompt, response, input_tokens, output_tokens,
                               1 - (embedding <=> $3::real[]::vector) AS similarity, team_id
                        FROM cache_entries
                        WHERE namespace = $2 AND COALESCE(team_id, '') = ANY(""" + READABLE_TENANTS + """
                        ) AND model = $4 AND scope_hash = $5 AND embedding_model = $6 AND expires_at > now()
                        ORDER BY embedding <=> $3::real[]::vector
                        LIMIT $7""")
                .execute(Tuple.tuple().addValue(key.tenant()).addValue(key.namespace()).addValue(boxed(vector))
                        .addValue(key.model()).addValue(key.scopeHash()).addValue(embeddingModel).addValue(limit))
                .map(EntryRepository::candidates);
    }

    public Uni<Void> touch(UUID id) {
        return pool.preparedQuery("UPDATE cache_entries SET hit_count = hit_count + 1, last_hit_at = now() WHERE id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Deletes one entry if it is {@code tenant}'s (null: anyone's). */
    public Uni<Boolean> delete(UUID id, String tenant) {
        return pool.preparedQuery("DELETE FROM cache_entries WHERE id = $1 AND ($2::text IS NULL OR "
                        + "COALESCE(team_id, '') = $2)").execute(Tuple.of(id, tenant))
                .map(r -> r.rowCount() > 0);
    }

    /** Invalidates a namespace, or one model in it, of one tenant (null: of every team and the org). */
    public Uni<Integer> invalidate(String namespace, String model, String tenant) {
        return pool.preparedQuery("DELETE FROM cache_entries WHERE namespace = $1 AND ($2::text IS NULL OR model = $2) "
                        + "AND ($3::text IS NULL OR COALESCE(team_id, '') = $3)")
                .execute(Tuple.of(namespace, model, tenant)).map(RowSet::rowCount);
    }

    /** Keeps a team's {@code maxEntries} most recently hit (or stored) entries of a namespace; answers how many went. */
    public Uni<Integer> evict(String namespace, String tenant, int maxEntries) {
        return pool.preparedQuery("""
                        DELETE FROM cache_entries WHERE id IN (
                            SELECT id FROM cache_entries WHERE namespace = $1 AND COALESCE(team_id, '') = $2
                            ORDER BY COALESCE(last_hit_at, created_at) DESC, created_at DESC OFFSET $3)""")
                .execute(Tuple.of(namespace, tenant, maxEntries)).map(RowSet::rowCount);
    }

    public Uni<Integer> purgeExpired() {
        return pool.query("DELETE FROM cache_entries WHERE expires_at <= now()").execute().map(RowSet::rowCount);
    }

    /** A page of a namespace's entries of one tenant (null: every team's and the org's). */
    public Uni<List<CacheEntry>> page(String namespace, String model, String tenant, int limit, int offset) {
        return pool.preparedQuery("SELECT " + COLUMNS + """
                         FROM cache_entries WHERE namespace = $1 AND ($2::text IS NULL OR model = $2)
                          AND ($3::text IS NULL OR COALESCE(team_id, '') = $3)
                        ORDER BY created_at DESC, id LIMIT $4 OFFSET $5""")
                .execute(Tuple.of(namespace, model, tenant, limit, offset))
                .map(rows -> {
                    List<CacheEntry> list = new ArrayList<>();
                    rows.forEach(r -> list.add(entry(r)));
                    return list;
                });
    }

    public Uni<Long> count(String namespace, String model, String tenant) {
        return pool.preparedQuery("SELECT count(*) FROM cache_entries WHERE namespace = $1 AND ($2::text IS NULL OR "
                        + "model = $2) AND ($3::text IS NULL OR COALESCE(team_id, '') = $3)")
                .execute(Tuple.of(namespace, model, tenant)).map(rows -> rows.iterator().next().getLong(0));
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
                r.getLong("output_tokens"), r.getDouble("similarity"), r.getString("team_id"));
    }

    private static CacheEntry entry(Row r) {
        return new CacheEntry(r.getUUID("id"), r.getString("team_id"), r.getString("namespace"), r.getString("model"), r.getString("scope_hash"),
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

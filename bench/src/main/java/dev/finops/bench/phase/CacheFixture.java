package dev.finops.bench.phase;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Benchmark fixture for the semantic cache: entries written straight into cache.cache_entries with synthetic
 * embeddings, because storing 100k entries through the API (one embedding and one HNSW insert each) takes longer than
 * the whole benchmark. The vectors are clustered like sentence embeddings — random unit centres, each entry a centre
 * plus Gaussian noise, normalised (cosine to its centre ≈ 0.7) — not uniform noise, on which nearest neighbours are
 * meaningless. The HNSW index is dropped for the load and rebuilt with the service's own definition afterwards.
 */
final class CacheFixture {

    static final int DIMENSIONS = 384;
    private static final int CENTRES = 1000;
    private static final double NOISE = 0.052;

    private final float[][] centres = new float[CENTRES][];
    private final Random random;

    CacheFixture(long seed) {
        random = new Random(seed);
        for (int c = 0; c < CENTRES; c++) {
            centres[c] = around(new float[DIMENSIONS], 1.0);
        }
    }

    /** A vector from the fixture's distribution (also used as a query). */
    float[] next() {
        return around(centres[random.nextInt(CENTRES)], NOISE);
    }

    private float[] around(float[] centre, double sigma) {
        float[] v = new float[DIMENSIONS];
        double norm = 0;
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] = (float) (centre[i] + random.nextGaussian() * sigma);
            norm += v[i] * v[i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] *= inv;
        }
        return v;
    }

    static String literal(float[] v) {
        StringBuilder s = new StringBuilder(v.length * 10).append('[');
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", v[i]));
        }
        return s.append(']').toString();
    }

    /** Loads rows entries into the namespace (same model, scope and embedding model as a real entry) and re-indexes. */
    void load(Connection c, String namespace, String model, String scopeHash, String embeddingModel, int rows)
            throws SQLException, IOException {
        String indexDef;
        try (Statement s = c.createStatement(); var rs = s.executeQuery(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = 'cache' AND indexname = 'cache_entries_embedding'")) {
            indexDef = rs.next() ? rs.getString(1) : null;
        }
        if (indexDef == null) {
            throw new IllegalStateException("cache.cache_entries_embedding not found: has cache-service migrated?");
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX cache.cache_entries_embedding");
        }
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        int chunk = 5000;
        for (int from = 0; from < rows; from += chunk) {
            StringBuilder data = new StringBuilder();
            for (int i = from; i < Math.min(rows, from + chunk); i++) {
                data.append(UUID.randomUUID()).append('\t').append(namespace).append('\t').append(model).append('\t')
                        .append(scopeHash).append('\t').append(String.format("%064x", i)).append('\t')
                        .append("fixture prompt ").append(i).append('\t').append("fixture response ").append(i)
                        .append("\t500\t200\t").append(literal(next())).append('\t').append(embeddingModel)
                        .append("\t168\t").append("2100-01-01 00:00:00+00\n");
            }
            try (Reader r = new StringReader(data.toString())) {
                copy.copyIn("COPY cache.cache_entries (id, namespace, model, scope_hash, prompt_hash, prompt, response, "
                        + "input_tokens, output_tokens, embedding, embedding_model, ttl_hours, expires_at) FROM STDIN", r);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL maintenance_work_mem = '1GB'");
            s.execute(indexDef);
        }
        c.commit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE cache.cache_entries");
        }
    }
}

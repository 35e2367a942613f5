package dev.finops.bench.phase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.bench.Context;
import dev.finops.bench.load.OpenLoop;
import dev.finops.bench.report.Figure;
import dev.finops.bench.report.Spread;
import dev.finops.bench.report.Target;
import dev.finops.bench.suite.Api;
import dev.finops.bench.suite.PromText;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 10 item 5: lookup latency through the API (embedding included) with the service's per-stage timers, the
 * vector search alone (the service's query over JDBC) and its recall@1 against an exact scan, at 10k and 100k entries
 * in one namespace; and hit / false-hit rates of the real service on the MRPC paraphrase pairs.
 */
public final class SemanticCache {

    static final String SECTION = "5. Semantic cache";
    private static final String MODEL = "gpt-4o";
    private static final String TIMER = "finops_cache_lookup_duration_seconds";
    private static final int RECALL_QUERIES = 40;
    /** MRPC stores and lookups in parallel: each one embeds in the service, which has two cores to do it with. */
    private static final int MRPC_CLIENTS = 4;
    /** The service's query (EntryRepository.nearest) with its session settings. */
    private static final String NEAREST = """
            SELECT id FROM cache.cache_entries
            WHERE namespace = ? AND model = ? AND scope_hash = ? AND embedding_model = ? AND expires_at > now()
            ORDER BY embedding <=> ?::vector LIMIT 5""";

    private final Context ctx;
    private final List<String[]> pairs;
    private final AtomicInteger nextPrompt = new AtomicInteger();
    private String admin;
    private String scopeHash;
    private String embeddingModel;

    public SemanticCache(Context ctx, List<String[]> mrpcPairs) {
        this.ctx = ctx;
        this.pairs = mrpcPairs;
    }

    public void run() throws Exception {
        admin = ctx.adminKey();
        learnScope();
        CacheFixture fixture = new CacheFixture(42);
        for (int size : ctx.plan().cacheSizes()) {
            String namespace = "bench-" + size + "-" + ctx.runId();
            long started = System.nanoTime();
            try (Connection c = ctx.db().connect("cache")) {
                fixture.load(c, namespace, MODEL, scopeHash, embeddingModel, size);
            }
            ctx.results().remark(SECTION, String.format("%,d fixture entries loaded into namespace %s and the HNSW "
                    + "index rebuilt in %.0f s", size, namespace, (System.nanoTime() - started) / 1e9));
            measureAt(size, namespace, fixture);
            ctx.results().remark(SECTION, String.format("%,d entries: the search query's plan is %s", size,
                    plan(namespace, fixture)));
        }
        mrpc();
    }

    /** The scope hash and embedding model of a plain-prompt entry, so fixture rows are found by real lookups. */
    private void learnScope() throws Exception {
        JsonNode entry = ctx.api().post(ctx.url("cache", "/api/v1/cache/entries"), admin, Map.of("namespace",
                "bench-probe-" + ctx.runId(), "model", MODEL, "prompt", "What is the capital of France?",
                "response", "Paris", "inputTokens", 10, "outputTokens", 2));
        try (Connection c = ctx.db().connect("cache"); PreparedStatement s = c.prepareStatement(
                "SELECT scope_hash, embedding_model FROM cache.cache_entries WHERE id = ?::uuid")) {
            s.setString(1, entry.get("id").asText());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                scopeHash = rs.getString(1);
                embeddingModel = rs.getString(2);
            }
        }
    }

    private void measureAt(int size, String namespace, CacheFixture fixture) throws Exception {
        String tag = size >= 1000 ? size / 1000 + "k" : String.valueOf(size);
        List<Double> lookup50 = new ArrayList<>();
        List<Double> lookup99 = new ArrayList<>();
        List<Double> embedMean = new ArrayList<>();
        List<Double> searchMean = new ArrayList<>();
        List<Double> search50 = new ArrayList<>();
        List<Double> search99 = new ArrayList<>();
        List<Double> recall = new ArrayList<>();
        for (int rep = 0; rep < ctx.plan().reps(); rep++) {
            PromText before = ctx.api().metrics(ctx.suite().url("cache"));
            // every lookup of the run has a sentence of its own: the service skips embedding a text it embedded
            // lately, and this measures the full path
            OpenLoop.Result r = OpenLoop.run(ctx.suite().url("cache"), 8, ctx.plan().cacheLookupRate(),
                    ctx.plan().cacheLookups(), i -> new OpenLoop.Post("/api/v1/cache/lookup", admin, json(Map.of(
                            "namespace", namespace, "model", MODEL, "prompt",
                            pairs.get(nextPrompt.getAndIncrement() % pairs.size())[2]))));
            PromText after = ctx.api().metrics(ctx.suite().url("cache"));
            lookup50.add(r.percentileMillis(50));
            lookup99.add(r.percentileMillis(99));
            embedMean.add(stageMean(before, after, "embed"));
            searchMean.add(stageMean(before, after, "search"));
            if (r.failed() > 0) {
                ctx.results().remark(SECTION, tag + " lookups, repetition " + rep + ": " + r.failed()
                        + " not 2xx (" + r.statuses() + ")");
            }
            double[] search = searchAndRecall(namespace, fixture);
            search50.add(search[0]);
            search99.add(search[1]);
            recall.add(search[2]);
        }
        String reps = ctx.plan().repetitionsNote();
        var results = ctx.results();
        String sec = SECTION;
        results.add(new Figure("cache." + tag + ".lookup.p50", sec, tag + " entries: lookup p50 (embedding included)",
                "ms", Spread.of(lookup50), Target.below(8), "POST /api/v1/cache/lookup at a constant "
                + ctx.plan().cacheLookupRate() + " req/s for " + ctx.plan().cacheLookups().toSeconds()
                + " s, MRPC sentences as prompts (misses: the semantic path runs in full); " + reps));
        results.add(new Figure("cache." + tag + ".lookup.p99", sec, tag + " entries: lookup p99", "ms",
                Spread.of(lookup99), null, ""));
        results.add(new Figure("cache." + tag + ".embed.mean", sec, tag + " entries: embed stage, mean", "ms",
                Spread.of(embedMean), null, TIMER + "{stage=\"embed\"} sum/count over the run"));
        results.add(new Figure("cache." + tag + ".search.mean", sec, tag + " entries: search stage, mean", "ms",
                Spread.of(searchMean), null, TIMER + "{stage=\"search\"} sum/count over the run"));
        results.add(new Figure("cache." + tag + ".search.p50", sec, tag + " entries: vector search p50 (JDBC)", "ms",
                Spread.of(search50), null, ctx.plan().searchQueries() + " queries of the service's SQL (ef_search 100, "
                + "iterative scan strict_order) over JDBC, one after another, round trip included"));
        results.add(new Figure("cache." + tag + ".search.p99", sec, tag + " entries: vector search p99 (JDBC)", "ms",
                Spread.of(search99), size >= 100_000 ? Target.below(5) : null, ""));
        results.add(new Figure("cache." + tag + ".recall", sec, tag + " entries: recall@1, HNSW vs exact scan", "",
                Spread.of(recall), Target.atLeast(0.98), "the first " + RECALL_QUERIES + " of those queries again with index "
                + "scans off give the exact nearest entry; share of queries whose first HNSW answer is it"));
    }

    /** The plan Postgres picks for the service's query (whether the HNSW index is used at this size). */
    private String plan(String namespace, CacheFixture fixture) throws Exception {
        try (Connection c = ctx.db().connect("cache");
             PreparedStatement p = c.prepareStatement("EXPLAIN " + NEAREST)) {
            p.setString(1, namespace);
            p.setString(2, MODEL);
            p.setString(3, scopeHash);
            p.setString(4, embeddingModel);
            p.setString(5, CacheFixture.literal(fixture.next()));
            List<String> nodes = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String line = rs.getString(1).strip().replaceFirst("^->\\s*", "");
                    if (!line.startsWith("Filter") && !line.startsWith("Order By") && !line.startsWith("Index Cond")) {
                        nodes.add(line.replaceAll("\\s*\\(cost=.*", ""));
                    }
                }
            }
            return "`" + String.join(" → ", nodes) + "`";
        }
    }

    private static double stageMean(PromText before, PromText after, String stage) {
        double count = after.sum(TIMER + "_count", "stage", stage) - before.sum(TIMER + "_count", "stage", stage);
        double sum = after.sum(TIMER + "_sum", "stage", stage) - before.sum(TIMER + "_sum", "stage", stage);
        return count > 0 ? sum / count * 1000 : Double.NaN;
    }

    /**
     * p50 and p99 (ms) of the service's nearest-entries query, and recall@1 of its first answer vs an exact scan (on
     * the first RECALL_QUERIES queries: an exact scan of 100k vectors takes a good part of a second here).
     */
    private double[] searchAndRecall(String namespace, CacheFixture fixture) throws Exception {
        int n = ctx.plan().searchQueries();
        List<Double> millis = new ArrayList<>();
        int agree = 0;
        int compared = Math.min(n, RECALL_QUERIES);
        try (Connection c = ctx.db().connect("cache")) {
            c.setAutoCommit(false);
            for (int q = 0; q < n; q++) {
                String vector = CacheFixture.literal(fixture.next());
                long start = System.nanoTime();
                String approximate = nearest(c, namespace, vector, true);
                millis.add((System.nanoTime() - start) / 1e6);
                if (q < compared) {
                    agree += Objects.equals(approximate, nearest(c, namespace, vector, false)) ? 1 : 0;
                }
            }
        }
        Spread s = Spread.of(millis);
        millis.sort(Double::compare);
        return new double[] {s.median(), millis.get((int) Math.ceil(0.99 * millis.size()) - 1), agree / (double) compared};
    }

    private String nearest(Connection c, String namespace, String vector, boolean index) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(index ? "SELECT set_config('hnsw.ef_search', '100', true), "
                    + "set_config('hnsw.iterative_scan', 'strict_order', true)"
                    : "SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off");
        }
        String first = null;
        try (PreparedStatement p = c.prepareStatement(NEAREST)) {
            p.setString(1, namespace);
            p.setString(2, MODEL);
            p.setString(3, scopeHash);
            p.setString(4, embeddingModel);
            p.setString(5, vector);
            try (ResultSet rs = p.executeQuery()) {
                first = rs.next() ? rs.getString(1) : null;
            }
        }
        c.commit();
        return first;
    }

    /** The real service on MRPC: store the first sentence of each pair, look up the second. */
    private void mrpc() throws Exception {
        String namespace = "bench-mrpc-" + ctx.runId();
        int n = Math.min(pairs.size(), ctx.plan().mrpcPairs());
        URI entries = ctx.url("cache", "/api/v1/cache/entries");
        parallel(n, i -> ctx.api().post(entries, admin, Map.of("namespace", namespace, "model", MODEL,
                "prompt", pairs.get(i)[1], "response", "answer " + i, "inputTokens", 100, "outputTokens", 100)));
        URI lookup = ctx.url("cache", "/api/v1/cache/lookup");
        JsonNode[] answers = new JsonNode[n];
        parallel(n, i -> answers[i] = ctx.api().post(lookup, admin, Map.of("namespace", namespace, "model", MODEL,
                "prompt", pairs.get(i)[2])));
        int paraphrases = 0;
        int trueHits = 0;
        int falseHits = 0;
        for (int i = 0; i < n; i++) {
            boolean paraphrase = pairs.get(i)[0].equals("1");
            paraphrases += paraphrase ? 1 : 0;
            if (answers[i].path("hit").asBoolean()) {
                boolean right = paraphrase && answers[i].path("response").asText().equals("answer " + i);
                trueHits += right ? 1 : 0;
                falseHits += right ? 0 : 1;
            }
        }
        int hits = trueHits + falseHits;
        String how = "the first " + n + " of the " + pairs.size() + " MRPC test pairs: sentence 1 stored, the second looked up at the default threshold "
                + "(real embeddings, fact guard on); a hit is true only for a paraphrase pair answering its own entry";
        var results = ctx.results();
        results.add(new Figure("cache.mrpc.hitrate", SECTION, "MRPC: paraphrases served from the cache (recall)", "",
                Spread.single(paraphrases == 0 ? 0 : trueHits / (double) paraphrases), null, how));
        results.add(new Figure("cache.mrpc.falsehits", SECTION, "MRPC: false-hit rate (false hits / hits)", "",
                Spread.single(hits == 0 ? 0 : falseHits / (double) hits), null, hits + " hits, " + falseHits
                + " false; one pass over the pairs (deterministic: same model, same data)"));
        results.add(new Figure("cache.mrpc.nonparaphrases", SECTION, "MRPC: non-paraphrases served", "",
                Spread.single((n - paraphrases) == 0 ? 0 : falseHits / (double) (n - paraphrases)), null, ""));
    }

    interface PairCall {
        void call(int i) throws Exception;
    }

    private static void parallel(int n, PairCall call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(MRPC_CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int pair = i;
            done.add(pool.submit(() -> {
                call.call(pair);
                return null;
            }));
        }
        pool.shutdown();
        for (Future<?> f : done) {
            f.get();
        }
    }

    private static String json(Object body) {
        try {
            return Api.JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

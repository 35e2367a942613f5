package dev.finops.cache;

import dev.finops.testing.IngestStub;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.finops.cache.config.CacheConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Lookups against real Postgres + pgvector and the real in-process model: threshold, exact path, isolation, TTL. */
@QuarkusTest
@WithTestResource(IngestStub.class)
@WithTestResource(PricingStub.class)
class LookupTest extends CacheTestBase {

    static final String STORED = "How do I reset my account password?";
    static final String PARAPHRASE = "How can I reset the password of my account?";

    @Inject
    Pool pool;

    @Inject
    CacheConfig config;

    /** A namespace whose policy lets the tests choose the threshold per lookup (a lookup can only raise it). */
    String lenientNamespace() {
        String ns = Api.namespace();
        api.policy(ns, Map.of("similarityThreshold", 0.5));
        return ns;
    }

    @Test
    void aParaphraseHitsAtOrBelowItsSimilarityAndMissesAboveIt() {
        String ns = lenientNamespace();
        String id = api.store(Api.entry(ns, MODEL, STORED, "Use the 'Forgot password' link."));

        float similarity = api.lookup(Api.query(ns, MODEL, PARAPHRASE)).statusCode(200)
                .body("hit", equalTo(true)).body("match", equalTo("semantic")).body("entryId", equalTo(id))
                .body("response", equalTo("Use the 'Forgot password' link.")).body("matchedPrompt", equalTo(STORED))
                .body("similarity", lessThan(1f)).body("similarity", greaterThan(0.7f))
                .extract().<Float>path("similarity");

        Map<String, Object> below = Api.query(ns, MODEL, PARAPHRASE);
        below.put("threshold", similarity - 0.002);
        api.lookup(below).body("hit", equalTo(true));

        Map<String, Object> above = Api.query(ns, MODEL, PARAPHRASE);
        above.put("threshold", similarity + 0.002);
        api.lookup(above).body("hit", equalTo(false)).body("entryId", nullValue())
                .body("bestSimilarity", equalTo(similarity));
    }

    @Test
    void theDefaultThresholdMissesAParaphraseButTheExactPathHitsTheSameTextInAnyCaseAndSpacing() {
        String ns = Api.namespace();
        String id = api.store(Api.entry(ns, MODEL, STORED, "r1"));

        api.lookup(Api.query(ns, MODEL, "What is the capital of France?")).body("hit", equalTo(false))
                .body("bestSimilarity", lessThan(0.5f));
        api.lookup(Api.query(ns, MODEL, "  how do I RESET my account\n password? ")).body("hit", equalTo(true))
                .body("match", equalTo("exact")).body("entryId", equalTo(id)).body("similarity", equalTo(1.0f));
    }

    @Test
    void theExactPathComputesNoEmbedding() {
        String ns = Api.namespace();
        api.store(Api.entry(ns, MODEL, STORED, "r1"));
        double before = embedCount();
        api.lookup(Api.query(ns, MODEL, STORED)).body("match", equalTo("exact"));
        assertTrue(embedCount() == before, "an exact hit must not embed");
        api.lookup(Api.query(ns, MODEL, PARAPHRASE + " " + UUID.randomUUID())); // a text never embedded before
        assertTrue(embedCount() == before + 1, "a non-exact lookup embeds once");
    }

    @Test
    void aStoreAfterItsLookupsMissReusesTheLookupsVectorAndPaysForNoSecondEmbedding() {
        String ns = lenientNamespace();
        String prompt = "How do I rotate the API key of project " + UUID.randomUUID() + "?";
        double embedded = embedCount();
        double reused = metric("finops_cache_embeddings_reused_total");
        api.lookup(Api.query(ns, MODEL, prompt)).body("hit", equalTo(false));
        api.store(Api.entry(ns, MODEL, prompt, "Settings > Keys > Rotate."));
        assertEquals(embedded + 1, embedCount(), "the lookup embeds, the store reuses its vector");
        assertEquals(reused + 1, metric("finops_cache_embeddings_reused_total"));
        // the stored vector is the text's own: a paraphrase finds the entry semantically
        Map<String, Object> paraphrase = Api.query(ns, MODEL, prompt.replace("How do I rotate", "How can I rotate"));
        paraphrase.put("threshold", 0.8);
        api.lookup(paraphrase).body("hit", equalTo(true)).body("match", equalTo("semantic"));
    }

    @Test
    void aNearIdenticalPromptInAnotherNamespaceMisses() {
        String tenantA = lenientNamespace();
        String tenantB = lenientNamespace();
        api.store(Api.entry(tenantA, MODEL, STORED, "tenant A's answer"));

        Map<String, Object> q = Api.query(tenantB, MODEL, STORED + " ");
        api.lookup(q).body("hit", equalTo(false)).body("bestSimilarity", nullValue());
        api.lookup(Api.query(tenantB, MODEL, PARAPHRASE)).body("hit", equalTo(false)).body("bestSimilarity", nullValue());
        api.lookup(Api.query(tenantA, MODEL, PARAPHRASE)).body("hit", equalTo(true));
    }

    @Test
    void anotherModelMisses() {
        String ns = lenientNamespace();
        api.store(Api.entry(ns, MODEL, STORED, "r1"));
        api.lookup(Api.query(ns, "gpt-4o", STORED)).body("hit", equalTo(false)).body("bestSimilarity", nullValue());
    }

    @Test
    void theSystemPromptParametersAndToolsScopeAHitOnlyTheUserContentIsCompared() {
        String ns = lenientNamespace();
        Map<String, Object> e = messages(ns, "You are a support agent for ACME.", STORED);
        e.put("response", "ACME answer");
        e.put("inputTokens", 10);
        e.put("outputTokens", 5);
        e.put("parameters", Map.of("temperature", 0, "top_p", 1));
        String id = api.store(e);

        Map<String, Object> same = messages(ns, "You are a support agent for ACME.", PARAPHRASE);
        same.put("parameters", Map.of("top_p", 1, "temperature", 0));
        api.lookup(same).body("hit", equalTo(true)).body("entryId", equalTo(id));

        Map<String, Object> otherSystem = messages(ns, "You are a support agent for Globex.", STORED);
        otherSystem.put("parameters", Map.of("temperature", 0, "top_p", 1));
        api.lookup(otherSystem).body("hit", equalTo(false)).body("bestSimilarity", nullValue());

        Map<String, Object> otherTemperature = messages(ns, "You are a support agent for ACME.", STORED);
        otherTemperature.put("parameters", Map.of("temperature", 0.7, "top_p", 1));
        api.lookup(otherTemperature).body("hit", equalTo(false));

        Map<String, Object> withTools = messages(ns, "You are a support agent for ACME.", STORED);
        withTools.put("parameters", Map.of("temperature", 0, "top_p", 1));
        withTools.put("tools", List.of(Map.of("type", "function", "function", Map.of("name", "lookup_order"))));
        api.lookup(withTools).body("hit", equalTo(false));
    }

    @Test
    void vectorsOfAnotherEmbeddingModelAreNeverComparedButTheExactPathStillAnswers() {
        String ns = lenientNamespace();
        String id = api.store(Api.entry(ns, MODEL, STORED, "r"));
        pool.preparedQuery("UPDATE cache_entries SET embedding_model = 'retired-model@0' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().indefinitely();

        api.lookup(Api.query(ns, MODEL, PARAPHRASE)).body("hit", equalTo(false)).body("bestSimilarity", nullValue());
        api.lookup(Api.query(ns, MODEL, STORED)).body("hit", equalTo(true)).body("match", equalTo("exact"));
    }

    /**
     * The vector search runs as one statement, so its HNSW settings must come with the pooled connection: set when it
     * connects, as placeholders that the vector library adopts when it loads later in the session (pg_settings lists
     * them only then, typed and with source "client"; a per-query SET would show "session" or nothing).
     */
    @Test
    void everyPooledConnectionSearchesWithTheConfiguredHnswSettings() {
        // connections held at the same time: new ones are opened for them
        List<Map<String, List<String>>> connections = Uni.join().all(List.of(hnswSettings(), hnswSettings(),
                hnswSettings(), hnswSettings())).andFailFast().await().indefinitely();
        for (Map<String, List<String>> settings : connections) {
            assertEquals(List.of(String.valueOf(config.efSearch()), "integer", "client"), settings.get("hnsw.ef_search"));
            assertEquals(List.of("strict_order", "enum", "client"), settings.get("hnsw.iterative_scan"));
        }
    }

    /** The HNSW settings of one pooled connection after its first vector operation (which loads the library). */
    Uni<Map<String, List<String>>> hnswSettings() {
        return pool.withConnection(conn -> conn.query("SELECT pg_sleep(0.2), '[1,0]'::vector <=> '[0,1]'::vector")
                .execute().chain(() -> conn.query("""
                        SELECT name, setting, vartype, source FROM pg_settings
                        WHERE name IN ('hnsw.ef_search', 'hnsw.iterative_scan')""").execute())
                .map(rows -> {
                    Map<String, List<String>> byName = new HashMap<>();
                    rows.forEach(r -> byName.put(r.getString("name"),
                            List.of(r.getString("setting"), r.getString("vartype"), r.getString("source"))));
                    return byName;
                }));
    }

    @Test
    void anExpiredEntryMissesAndIsPurged() throws InterruptedException {
        String ns = Api.namespace();
        Map<String, Object> e = Api.entry(ns, MODEL, STORED, "short-lived");
        e.put("ttlHours", 0.0005);
        api.store(e);
        api.lookup(Api.query(ns, MODEL, STORED)).body("hit", equalTo(true));

        Thread.sleep(2_000);
        api.lookup(Api.query(ns, MODEL, STORED)).body("hit", equalTo(false));
        api.as(api.admin).post("/api/v1/cache/admin/purge").then().statusCode(200).body("purged", greaterThan(0));
        api.as(api.reader).queryParam("namespace", ns).get("/api/v1/cache/entries").then().statusCode(200)
                .body("total", equalTo(0));
    }

    static Map<String, Object> messages(String ns, String system, String user) {
        Map<String, Object> q = Api.query(ns, MODEL, null);
        q.remove("prompt");
        q.put("messages", List.of(Map.of("role", "system", "content", system), Map.of("role", "user", "content", user)));
        return q;
    }

    static double metric(String name) {
        return RestAssured.get("/q/metrics").asString().lines().filter(l -> l.startsWith(name + " ")
                || l.startsWith(name + "{")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    static double embedCount() {
        String metrics = RestAssured.get("/q/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith("finops_cache_lookup_duration_seconds_count{")
                        && l.contains("stage=\"embed\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}

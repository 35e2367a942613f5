package dev.finops.cache;

import dev.finops.testing.IngestStub;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Savings valued by (stubbed) pricing-service, persisted ROI per namespace, cache-impact and the Prometheus metrics. */
@QuarkusTest
@WithTestResource(IngestStub.class)
@WithTestResource(PricingStub.class)
class RoiTest extends CacheTestBase {


    @Inject
    Pool pool;

    @Test
    void aHitSavesTheAvoidedCallAtThePricedRateAndRoiStatsAddItUpPerNamespace() {
        String ns = Api.namespace();
        api.store(Api.entry(ns, MODEL, "What is the refund window?", "30 days"));
        api.lookup(Api.query(ns, MODEL, "What is the refund window?")).body("hit", equalTo(true));
        String body = api.as(api.ingestKey).body(Api.query(ns, MODEL, "What is the refund window?"))
                .post("/api/v1/cache/lookup").then().statusCode(200).extract().asString();
        assertTrue(body.contains("\"savedUsd\":" + PricingStub.QUOTE_USD), body);
        api.lookup(Api.query(ns, MODEL, "Who won the football match yesterday?")).body("hit", equalTo(false));

        String stats = api.as(api.reader).queryParam("namespace", ns).get("/api/v1/finops/roi-stats").then()
                .statusCode(200).body("hits", equalTo(2)).body("exactHits", equalTo(2)).body("misses", equalTo(1))
                .body("hitRate", equalTo(0.6667f)).body("since", notNullValue()).body("namespaces", hasSize(1))
                .body("namespaces[0].namespace", equalTo(ns)).extract().asString();
        assertTrue(stats.contains("\"cacheSavingsUsd\":0.000246913578"), stats);
        assertTrue(stats.contains("\"embeddingCostUsd\":0,"), stats);
        assertTrue(stats.contains("\"netRoiUsd\":0.000246913578"), stats);
    }

    @Test
    void whenPricingCannotValueAHitItIsStillServedAndItsSavingsAreUnknown() {
        String ns = Api.namespace();
        api.store(Api.entry(ns, PricingStub.DOWN_MODEL, "Summarise the incident", "summary"));
        String body = api.as(api.ingestKey).body(Api.query(ns, PricingStub.DOWN_MODEL, "Summarise the incident"))
                .post("/api/v1/cache/lookup").then().statusCode(200).body("hit", equalTo(true))
                .body("response", equalTo("summary")).extract().asString();
        assertTrue(!body.contains("savedUsd"), body);
        api.as(api.reader).queryParam("namespace", ns).get("/api/v1/finops/roi-stats").then()
                .body("hits", equalTo(1)).body("unpricedHits", equalTo(1)).body("cacheSavingsUsd", equalTo(0));
    }

    @Test
    void overallRoiStatsIncludeEveryNamespace() {
        String ns = Api.namespace();
        api.lookup(Api.query(ns, MODEL, "anything at all"));
        JsonPath all = api.as(api.reader).get("/api/v1/finops/roi-stats").then().statusCode(200)
                .body("namespaces.namespace", hasItem(ns)).extract().jsonPath();
        long sumOfNamespaces = all.getList("namespaces.misses", Integer.class).stream().mapToLong(Integer::longValue).sum();
        assertEquals(sumOfNamespaces, all.getLong("misses"));
    }

    @Test
    void cacheImpactIsATimeSeriesWithEmptyBucketsIncluded() {
        String ns = Api.namespace();
        api.store(Api.entry(ns, MODEL, "q", "a"));
        api.lookup(Api.query(ns, MODEL, "q"));
        api.lookup(Api.query(ns, MODEL, "completely different question about the weather"));

        JsonPath hourly = api.as(api.reader).queryParam("days", 1).queryParam("bucket", "hour").queryParam("namespace", ns)
                .get("/api/v1/finops/cache-impact").then().statusCode(200).body("series", hasSize(24))
                .body("bucket", equalTo("hour")).extract().jsonPath();
        assertEquals(1, hourly.getList("series.hits", Integer.class).stream().mapToInt(Integer::intValue).sum());
        assertEquals(1, hourly.getList("series.misses", Integer.class).stream().mapToInt(Integer::intValue).sum());
        List<Map<String, Object>> series = hourly.getList("series");
        // both lookups fall in one hour unless the test straddles an hour boundary
        assertTrue(series.stream().anyMatch(p -> ((Number) p.get("hitRate")).floatValue() == 0.5f)
                || series.stream().filter(p -> ((Number) p.get("hits")).intValue() > 0).count() == 1, series.toString());

        api.as(api.reader).queryParam("days", 7).get("/api/v1/finops/cache-impact").then().statusCode(200)
                .body("series", hasSize(7)).body("bucket", equalTo("day"));
        api.as(api.reader).queryParam("bucket", "week").get("/api/v1/finops/cache-impact").then().statusCode(400)
                .body("errors[0].field", equalTo("bucket"));
        api.as(api.reader).queryParam("days", 0).get("/api/v1/finops/cache-impact").then().statusCode(400)
                .body("errors[0].field", equalTo("days"));
    }

    @Test
    void lookupsSavingsEmbeddingCostAndStageLatenciesAreScraped() {
        String ns = Api.namespace();
        double exactBefore = metric("finops_cache_lookups_total{result=\"exact\"}");
        double missBefore = metric("finops_cache_lookups_total{result=\"miss\"}");
        double savedBefore = metric("finops_cache_savings_usd_total");
        api.store(Api.entry(ns, MODEL, "metric question", "a"));
        api.lookup(Api.query(ns, MODEL, "metric question"));
        api.lookup(Api.query(ns, MODEL, "an unrelated question about tax law"));

        assertEquals(exactBefore + 1, metric("finops_cache_lookups_total{result=\"exact\"}"));
        assertEquals(missBefore + 1, metric("finops_cache_lookups_total{result=\"miss\"}"));
        assertEquals(savedBefore + Double.parseDouble(PricingStub.QUOTE_USD), metric("finops_cache_savings_usd_total"),
                1e-12);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("finops_embedding_cost_usd_count"))
                .body(containsString("finops_cache_lookup_duration_seconds_count{stage=\"search\""))
                .body(containsString("finops_cache_lookup_duration_seconds_count{stage=\"embed\""))
                .body(containsString("finops_cache_entries"))
                .body(containsString("finops_cache_evictions_total"));
    }

    /** Nothing reads ROI here: the counts reach cache_stats through the scheduled flush (every second by default). */
    @Test
    void lookupCountsReachTheDatabaseWithinAFlushIntervalWithoutAnyRead() throws InterruptedException {
        String ns = Api.namespace();
        api.store(Api.entry(ns, MODEL, "scheduled flush question", "a"));
        api.lookup(Api.query(ns, MODEL, "scheduled flush question")).body("match", equalTo("exact"));
        api.lookup(Api.query(ns, MODEL, "scheduled flush question")).body("match", equalTo("exact"));
        api.lookup(Api.query(ns, MODEL, "a question nobody stored about penguins")).body("hit", equalTo(false));

        String expected = "hits=2 exact=2 misses=1 savings="
                + new BigDecimal(PricingStub.QUOTE_USD).multiply(BigDecimal.valueOf(2)).toPlainString();
        String seen = null;
        for (long deadline = System.nanoTime() + 10_000_000_000L; System.nanoTime() < deadline; Thread.sleep(100)) {
            seen = storedStats(ns);
            if (expected.equals(seen)) {
                return;
            }
        }
        assertEquals(expected, seen, "cache_stats of " + ns + " 10 s after the lookups");
    }

    /** Lookups counted in memory from many threads at once: none lost, none twice, the money summed exactly. */
    @Test
    void concurrentLookupsAreEachCountedOnceAndTheirSavingsAddUpExactly() throws Exception {
        String ns = Api.namespace();
        api.store(Api.entry(ns, MODEL, "concurrent question", "a"));
        int lookups = 48;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < lookups; i++) {
                String prompt = i % 2 == 0 ? "concurrent question" : "unrelated concurrent question number " + i;
                done.add(clients.submit(() -> api.lookup(Api.query(ns, MODEL, prompt)).statusCode(200)));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdown();
        }
        String stats = api.as(api.reader).queryParam("namespace", ns).get("/api/v1/finops/roi-stats").then()
                .statusCode(200).body("hits", equalTo(lookups / 2)).body("exactHits", equalTo(lookups / 2))
                .body("misses", equalTo(lookups / 2)).body("hitRate", equalTo(0.5f)).extract().asString();
        BigDecimal saved = new BigDecimal(PricingStub.QUOTE_USD).multiply(BigDecimal.valueOf(lookups / 2));
        assertTrue(stats.contains("\"cacheSavingsUsd\":" + saved.stripTrailingZeros().toPlainString() + ","), stats);
        assertEquals("hits=24 exact=24 misses=24 savings=" + saved.toPlainString(), storedStats(ns));
    }

    /** The namespace's row(s) in cache_stats, summed, or null before the first flush. */
    String storedStats(String ns) {
        return pool.preparedQuery("""
                        SELECT sum(hits) AS hits, sum(exact_hits) AS exact, sum(misses) AS misses,
                               sum(savings_usd)::text AS savings
                        FROM cache_stats WHERE namespace = $1 HAVING count(*) > 0""")
                .execute(Tuple.of(ns)).map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return "hits=" + r.getLong("hits") + " exact=" + r.getLong("exact") + " misses="
                            + r.getLong("misses") + " savings=" + new BigDecimal(r.getString("savings")).stripTrailingZeros().toPlainString();
                }).await().indefinitely();
    }

    static double metric(String nameAndLabels) {
        return given().get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith(nameAndLabels.replace("}", "")) && (nameAndLabels.contains("{") || l.startsWith(nameAndLabels + " ")))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}

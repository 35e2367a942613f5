package dev.finops.cache;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.finops.testing.IngestStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A lookup counts its statistics in memory instead of writing them on its request path; an ROI read writes what is
 * pending first, so it still sees every lookup answered before it. The scheduled flush is made rare here so that
 * nothing else writes in between.
 */
@QuarkusTest
@TestProfile(StatsBatchingTest.RareFlush.class)
@WithTestResource(IngestStub.class)
@WithTestResource(PricingStub.class)
class StatsBatchingTest extends CacheTestBase {

    public static class RareFlush implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("finops.cache.stats-flush-interval", "1h");
        }
    }

    @Inject
    Pool pool;

    @Test
    void lookupsDoNotWriteStatisticsOnTheirRequestPathButAnRoiReadSeesThemAll() {
        String ns = Api.namespace();
        api.store(Api.entry(ns, MODEL, "batched question", "a"));
        api.lookup(Api.query(ns, MODEL, "batched question")).body("match", equalTo("exact"));
        api.lookup(Api.query(ns, MODEL, "a question about the tides that nobody stored")).body("hit", equalTo(false));
        assertEquals(0L, rows(ns), "cache_stats rows of " + ns + " before any flush");

        api.as(api.reader).queryParam("namespace", ns).get("/api/v1/finops/roi-stats").then().statusCode(200)
                .body("hits", equalTo(1)).body("misses", equalTo(1)).body("cacheSavingsUsd", equalTo(
                        Float.parseFloat(PricingStub.QUOTE_USD)));
        assertEquals(1L, rows(ns), "cache_stats rows of " + ns + " after roi-stats");

        api.lookup(Api.query(ns, MODEL, "batched question")).body("match", equalTo("exact"));
        api.as(api.reader).queryParam("days", 1).queryParam("bucket", "hour").queryParam("namespace", ns)
                .get("/api/v1/finops/cache-impact").then().statusCode(200).body("series.hits.sum()", equalTo(2))
                .body("series.misses.sum()", equalTo(1));
        api.as(api.reader).queryParam("namespace", ns).get("/api/v1/finops/roi-stats").then()
                .body("hits", equalTo(2)).body("misses", equalTo(1));
    }

    long rows(String ns) {
        return pool.preparedQuery("SELECT count(*) FROM cache_stats WHERE namespace = $1").execute(Tuple.of(ns))
                .map(r -> r.iterator().next().getLong(0)).await().indefinitely();
    }
}

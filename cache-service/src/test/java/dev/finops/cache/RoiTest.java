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

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Savings valued by (stubbed) pricing-service, persisted ROI per namespace, cache-impact and the Prometheus metrics. */
@QuarkusTest
@WithTestResource(IngestStub.class)
@WithTestResource(PricingStub.class)
class RoiTest {

    static final String MODEL = "gpt-4o-mini";

    @IngestStub.Server
    WireMockServer ingest;

    Api api;

    @BeforeEach
    void keys() {
        api = new Api(ingest);
    }

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

    static double metric(String nameAndLabels) {
        return given().get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith(nameAndLabels.replace("}", "")) && (nameAndLabels.contains("{") || l.startsWith(nameAndLabels + " ")))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}

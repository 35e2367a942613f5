package dev.finops.cache;

import dev.finops.testing.IngestStub;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Namespace policies (threshold, TTL, maxEntries eviction, exactOnly, enabled) and the negation/number/date guard. */
@QuarkusTest
@WithTestResource(IngestStub.class)
@WithTestResource(PricingStub.class)
class PolicyTest extends CacheTestBase {

    @Test
    void aNamespaceWithoutAPolicyRunsWithTheDefaults() {
        String ns = Api.namespace();
        api.as(api.reader).get("/api/v1/cache/policies/" + ns).then().statusCode(200)
                .body("enabled", equalTo(true)).body("similarityThreshold", equalTo(0.95f)).body("ttlHours", equalTo(24))
                .body("maxEntries", nullValue()).body("exactOnly", equalTo(false)).body("updatedAt", nullValue());
    }

    @Test
    void aPolicyIsSavedListedAndDeleted() {
        String ns = Api.namespace();
        api.as(api.admin).body(Map.of("similarityThreshold", 0.95, "ttlHours", 2, "maxEntries", 100))
                .put("/api/v1/cache/policies/" + ns).then().statusCode(200)
                .body("similarityThreshold", equalTo(0.95f)).body("ttlHours", equalTo(2)).body("maxEntries", equalTo(100))
                .body("enabled", equalTo(true)).body("updatedAt", org.hamcrest.Matchers.notNullValue());
        api.as(api.reader).get("/api/v1/cache/policies").then().statusCode(200).body("namespace", hasItem(ns));
        api.as(api.admin).delete("/api/v1/cache/policies/" + ns).then().statusCode(204);
        api.as(api.reader).get("/api/v1/cache/policies/" + ns).then().body("similarityThreshold", equalTo(0.95f));
        api.as(api.admin).body(Map.of("similarityThreshold", 0)).put("/api/v1/cache/policies/" + ns).then()
                .statusCode(400).body("errors[0].field", equalTo("similarityThreshold"));
        api.as(api.admin).body(Map.of("maxEntries", 0)).put("/api/v1/cache/policies/" + ns).then()
                .statusCode(400).body("errors[0].field", equalTo("maxEntries"));
    }

    @Test
    void thePolicyThresholdDecidesAndALookupMayOnlyRaiseIt() {
        String ns = Api.namespace();
        api.store(Api.entry(ns, MODEL, LookupTest.STORED, "r"));
        String loose = "Password reset instructions please"; // cosine ≈ 0.79 to STORED
        Map<String, Object> q = Api.query(ns, MODEL, loose);
        q.put("threshold", 0.5);
        api.lookup(q).body("hit", equalTo(false)).body("bestSimilarity", greaterThan(0.7f)); // the 0.95 default holds
        api.policy(ns, Map.of("similarityThreshold", 0.7));
        api.lookup(Api.query(ns, MODEL, loose)).body("hit", equalTo(true));
        q.put("threshold", 0.9);
        api.lookup(q).body("hit", equalTo(false));
    }

    @Test
    void thePolicyTtlAppliesToEntriesThatDoNotSetTheirOwn() {
        String ns = Api.namespace();
        api.policy(ns, Map.of("ttlHours", 0.5));
        api.store(Api.entry(ns, MODEL, "p", "r"));
        api.as(api.reader).queryParam("namespace", ns).get("/api/v1/cache/entries").then()
                .body("items[0].ttlHours", equalTo(0.5f));
    }

    @Test
    void overMaxEntriesTheLeastRecentlyHitEntryIsEvicted() {
        String ns = Api.namespace();
        api.policy(ns, Map.of("maxEntries", 2));
        String first = api.store(Api.entry(ns, MODEL, "first question", "1"));
        api.store(Api.entry(ns, MODEL, "second question", "2"));
        api.lookup(Api.query(ns, MODEL, "first question")).body("hit", equalTo(true));
        api.store(Api.entry(ns, MODEL, "third question", "3"));

        api.as(api.reader).queryParam("namespace", ns).get("/api/v1/cache/entries").then().body("total", equalTo(2))
                .body("items.prompt", hasItem("first question")).body("items.prompt", hasItem("third question"))
                .body("items.find { it.id == '" + first + "' }.hitCount", equalTo(1));
        api.lookup(Api.query(ns, MODEL, "second question")).body("hit", equalTo(false));
    }

    @Test
    void exactOnlyNeverHitsOnSimilarity() {
        String ns = Api.namespace();
        api.policy(ns, Map.of("exactOnly", true, "similarityThreshold", 0.5));
        api.store(Api.entry(ns, MODEL, LookupTest.STORED, "r"));
        api.lookup(Api.query(ns, MODEL, LookupTest.PARAPHRASE)).body("hit", equalTo(false))
                .body("reason", equalTo("exactOnly"));
        api.lookup(Api.query(ns, MODEL, LookupTest.STORED)).body("hit", equalTo(true)).body("match", equalTo("exact"));
    }

    @Test
    void aDisabledNamespaceNeitherStoresNorHits() {
        String ns = Api.namespace();
        api.policy(ns, Map.of("enabled", false));
        api.as(api.ingestKey).body(Api.entry(ns, MODEL, "p", "r")).post("/api/v1/cache/entries").then().statusCode(200)
                .body("stored", equalTo(false));
        api.lookup(Api.query(ns, MODEL, "p")).body("hit", equalTo(false)).body("reason", equalTo("disabled"));
        api.as(api.reader).queryParam("namespace", ns).get("/api/v1/cache/entries").then().body("total", equalTo(0));
    }

    @Test
    void aDifferentNumberDateOrNegationNeverHitsOnSimilarityAlone() {
        String[][] pairs = {
                {"Can I get a refund for orders over $50?", "Can I get a refund for orders over $500?", "guard:numbers"},
                {"What was our revenue in Q3 2024?", "What was our revenue in Q3 2023?", "guard:numbers"},
                {"Schedule the deployment for Monday morning", "Schedule the deployment for Friday morning", "guard:dates"},
                {"Is the export API rate limited?", "Is the export API not rate limited?", "guard:negation"},
                {"Which plans include SSO?", "Which plans don't include SSO?", "guard:negation"},
        };
        for (String[] p : pairs) {
            String ns = Api.namespace();
            api.policy(ns, Map.of("similarityThreshold", 0.6));
            api.store(Api.entry(ns, MODEL, p[0], "answer to: " + p[0]));
            api.lookup(Api.query(ns, MODEL, p[1])).body("hit", equalTo(false)).body("reason", equalTo(p[2]))
                    .body("bestSimilarity", greaterThan(0.6f));
        }
    }

    @Test
    void aGuardRefusedNeighbourYieldsToTheNextOneThatAgrees() {
        String ns = Api.namespace();
        api.policy(ns, Map.of("similarityThreshold", 0.6));
        api.store(Api.entry(ns, MODEL, "Can I get a refund for orders over $500?", "no"));
        String good = api.store(Api.entry(ns, MODEL, "Could I get a refund on orders above $50?", "yes"));
        api.lookup(Api.query(ns, MODEL, "Can I get a refund for orders over $50?")).body("hit", equalTo(true))
                .body("entryId", equalTo(good));
    }
}

package dev.finops.cache;

import dev.finops.testing.IngestStub;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The embedder as configured: the alternative bundled model (all-MiniLM-L6-v2) and a price per 1K embedded tokens,
 * counted as embedding cost (store and semantic lookup, not the exact path) that net ROI subtracts.
 */
@QuarkusTest
@TestProfile(ConfiguredEmbedderTest.PricedMiniLmEmbeddings.class)
@WithTestResource(IngestStub.class)
@WithTestResource(PricingStub.class)
class ConfiguredEmbedderTest extends CacheTestBase {

    public static class PricedMiniLmEmbeddings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("finops.cache.embedding.cost-per-k-tokens", "0.02",
                    "finops.cache.embedding.model", "all-minilm-l6-v2");
        }
    }

    @Test
    void theConfiguredModelEmbedsAndIsRecordedWithEachEntry() {
        String ns = Api.namespace();
        api.policy(ns, Map.of("similarityThreshold", 0.8));
        String id = api.store(Api.entry(ns, "gpt-4o-mini", LookupTest.STORED, "r"));
        api.as(api.reader).queryParam("namespace", ns).get("/api/v1/cache/entries").then()
                .body("items[0].embeddingModel", equalTo("all-minilm-l6-v2@langchain4j-1.20.0-beta30"));
        api.lookup(Api.query(ns, "gpt-4o-mini", LookupTest.PARAPHRASE)).body("hit", equalTo(true))
                .body("match", equalTo("semantic")).body("entryId", equalTo(id));
    }

    @Test
    void embeddingCostIsCountedSeparatelyAndSubtractedFromSavings() throws Exception {
        String ns = Api.namespace();
        api.store(Api.entry(ns, "gpt-4o-mini", "What is the refund window?", "30 days"));
        api.lookup(Api.query(ns, "gpt-4o-mini", "What is the refund window?")).body("match", equalTo("exact"));
        api.lookup(Api.query(ns, "gpt-4o-mini", "Who won the match yesterday?")).body("hit", equalTo(false));

        JsonNode roi = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(
                api.as(api.reader).queryParam("namespace", ns).get("/api/v1/finops/roi-stats").then().statusCode(200)
                        .extract().asString());
        long tokens = roi.get("embeddingTokens").asLong();
        BigDecimal cost = roi.get("embeddingCostUsd").decimalValue();
        BigDecimal saved = roi.get("cacheSavingsUsd").decimalValue();
        // two embeddings (the store and the miss); the exact hit embeds nothing
        assertEquals(true, tokens >= 10 && tokens <= 40, "tokens " + tokens);
        assertEquals(0, new BigDecimal("0.02").multiply(BigDecimal.valueOf(tokens)).divide(BigDecimal.valueOf(1000))
                .compareTo(cost), "cost " + cost + " for " + tokens + " tokens");
        assertEquals(0, new BigDecimal(PricingStub.QUOTE_USD).compareTo(saved));
        assertEquals(0, saved.subtract(cost).compareTo(roi.get("netRoiUsd").decimalValue()));
    }
}

package dev.finops.cache;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.testing.IngestStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The remote path: embeddings from an OpenAI-compatible endpoint (stubbed at HTTP), recorded under the remote model's
 * name, their tokens valued through pricing-service as embedding cost; a wrong dimension or an unreachable endpoint
 * is a clear problem, and nothing is stored.
 */
@QuarkusTest
@WithTestResource(IngestStub.class)
@WithTestResource(PricingStub.class)
@WithTestResource(EmbeddingsStub.class)
class RemoteEmbedderTest extends CacheTestBase {

    @Test
    void remoteVectorsAreSearchedAndTheirTokensArePricedAsEmbeddingCost() throws Exception {
        String ns = Api.namespace();
        String id = api.store(Api.entry(ns, MODEL, EmbeddingsStub.STORED, "Settings > Keys > Rotate."));
        api.as(api.reader).queryParam("namespace", ns).get("/api/v1/cache/entries").then()
                .body("items[0].embeddingModel", equalTo("remote:text-embedding-3-small:384d"));
        api.lookup(Api.query(ns, MODEL, EmbeddingsStub.PARAPHRASE)).statusCode(200).body("hit", equalTo(true))
                .body("match", equalTo("semantic")).body("entryId", equalTo(id))
                .body("similarity", equalTo(0.9806f)); // 1/sqrt(1.04), rounded to 4 places
        api.lookup(Api.query(ns, MODEL, EmbeddingsStub.UNRELATED)).statusCode(200).body("hit", equalTo(false))
                .body("bestSimilarity", equalTo(0.0f));
        api.lookup(Api.query(ns, MODEL, EmbeddingsStub.STORED)).body("match", equalTo("exact"));

        JsonNode roi = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(
                api.as(api.reader).queryParam("namespace", ns).get("/api/v1/finops/roi-stats").then().statusCode(200)
                        .extract().asString());
        // three embeddings (the store, the paraphrase, the miss); the exact hit embeds nothing
        assertEquals(3 * EmbeddingsStub.TOKENS, roi.get("embeddingTokens").asInt());
        BigDecimal cost = new BigDecimal(PricingStub.EMBEDDING_QUOTE_USD).multiply(BigDecimal.valueOf(3));
        assertEquals(0, cost.compareTo(roi.get("embeddingCostUsd").decimalValue()), roi.toString());
        BigDecimal saved = new BigDecimal(PricingStub.QUOTE_USD).multiply(BigDecimal.valueOf(2));
        assertEquals(0, saved.compareTo(roi.get("cacheSavingsUsd").decimalValue()), roi.toString());
        assertEquals(0, saved.subtract(cost).compareTo(roi.get("netRoiUsd").decimalValue()), roi.toString());
    }

    @Test
    void aVectorOfTheWrongDimensionIsRefusedAndNothingIsStored() {
        String ns = Api.namespace();
        api.as(api.ingestKey).body(Api.entry(ns, MODEL, EmbeddingsStub.WRONG_DIMENSION, "r"))
                .post("/api/v1/cache/entries").then().statusCode(502).contentType("application/problem+json")
                .body("detail", containsString("1536-dimensional")).body("detail", containsString("stores 384"))
                .body("errors[0].field", equalTo("data[0].embedding"));
        api.lookup(Api.query(ns, MODEL, EmbeddingsStub.WRONG_DIMENSION)).statusCode(502)
                .contentType("application/problem+json");
        api.as(api.reader).queryParam("namespace", ns).get("/api/v1/cache/entries").then().body("total", equalTo(0));
    }

    @Test
    void anUnreachableEndpointIsAServiceUnavailableProblem() {
        String ns = Api.namespace();
        api.lookup(Api.query(ns, MODEL, EmbeddingsStub.DROPPED)).statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("embeddings endpoint cannot be reached"));
        api.as(api.ingestKey).body(Api.entry(ns, MODEL, "An input the endpoint does not expect", "r"))
                .post("/api/v1/cache/entries").then().statusCode(502)
                .body("detail", containsString("answered HTTP 400"));
    }
}

package dev.finops.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.finops.ingest.client.PricingClient;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * ingest's side of the pricing contract (docs/contracts/): every field ingest's client records read is in
 * pricing-service's example answer, which pricing's RateFeedContractTest checks against its real answers.
 */
class PricingContractTest {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    @Test
    void everyFieldOfRateVersionIsInTheContract() throws Exception {
        JsonNode example = PricingStub.contract("pricing-valuation-rates.json");
        assertEquals(recordFields(PricingClient.RateVersion.class),
                intersect(recordFields(PricingClient.RateVersion.class), fields(example.get(0))));
        List<PricingClient.RateVersion> rates = JSON.readValue(example.toString(), new TypeReference<>() { });
        assertEquals(4, rates.size());
        assertEquals(0, new java.math.BigDecimal("0.00375").compareTo(rates.get(3).cacheWriteRatePerKTokens()));
    }

    @Test
    void everyFieldOfModelAliasIsInTheContract() throws Exception {
        JsonNode example = PricingStub.contract("pricing-model-aliases.json");
        assertEquals(recordFields(PricingClient.ModelAlias.class), fields(example.get(0)));
        List<PricingClient.ModelAlias> aliases = JSON.readValue(example.toString(), new TypeReference<>() { });
        assertEquals("claude-sonnet-4", aliases.get(0).modelId());
    }

    private static Set<String> recordFields(Class<? extends Record> type) {
        Set<String> names = new TreeSet<>();
        for (var c : type.getRecordComponents()) {
            names.add(c.getName());
        }
        return names;
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        Set<String> both = new TreeSet<>(a);
        both.retainAll(b);
        return both;
    }
}

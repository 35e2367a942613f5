package dev.finops.pricing;

import dev.finops.testing.IngestStub;
import static dev.finops.pricing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The rate feed contract ingest-service relies on (docs/decisions/0003): this service's real answers have
 * exactly the fields and types of the shared example in docs/contracts/, which ingest's PricingStub serves
 * to ingest's tests. If either side drifts, one of the two test suites fails.
 */
@QuarkusTest
@WithTestResource(IngestStub.class)
class RateFeedContractTest {

    private static final Path CONTRACTS = Path.of("..", "docs", "contracts");

    /** ingest's PricingClient.RateVersion plus the fields it ignores today; unknown fields fail. */
    record RateVersion(String modelId, String provider, BigDecimal inputRatePerKTokens,
                       BigDecimal outputRatePerKTokens, BigDecimal cachedInputRatePerKTokens,
                       BigDecimal cacheWriteRatePerKTokens, BigDecimal reasoningRatePerKTokens,
                       BigDecimal cacheWrite1hRatePerKTokens, List<ContextTier> contextTiers,
                       java.util.Map<String, Tier> serviceTiers, BigDecimal requestCostUsd,
                       BigDecimal searchQueryCostUsd, String currency, Instant effectiveFrom, long version,
                       String source, String sourceUrl, Instant sourceFetchedAt) {
    }

    /** Rates of one tier (rate model v2): each null when the tier keeps the base rate. */
    record Tier(BigDecimal inputRatePerKTokens, BigDecimal outputRatePerKTokens, BigDecimal cachedInputRatePerKTokens,
                BigDecimal cacheWriteRatePerKTokens, BigDecimal cacheWrite1hRatePerKTokens) {
    }

    record ContextTier(long aboveInputTokens, Tier rates) {
    }

    /** ingest's PricingClient.ModelAlias. */
    record ModelAlias(String alias, String modelId) {
    }

    private static final ObjectMapper STRICT = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    @IngestStub.Server
    WireMockServer ingest;

    @Test
    void theFeedAnswersExactlyTheContractsFieldsAndTypes() throws IOException {
        String admin = Api.key(ingest, "admin");
        String service = Api.key(ingest, "service");
        String model = Api.unique("contract");
        long before = Api.putRateVersion(admin, model, "0.001", "0.002", "2025-01-01T00:00:00Z") - 1;
        Api.putRate(admin, "{\"modelId\":\"" + model + "\",\"provider\":\"anthropic\",\"inputRatePerKTokens\":0.003,"
                + "\"outputRatePerKTokens\":0.015,\"cachedInputRatePerKTokens\":0.0003,\"cacheWriteRatePerKTokens\":0.00375,"
                + "\"reasoningRatePerKTokens\":0.02,\"cacheWrite1hRatePerKTokens\":0.006,\"searchQueryCostUsd\":0.01,"
                + "\"contextTiers\":[{\"aboveInputTokens\":200000,\"rates\":{\"inputRatePerKTokens\":0.006}}],"
                + "\"serviceTiers\":{\"batch\":{\"inputRatePerKTokens\":0.0015,\"outputRatePerKTokens\":0.0075}},"
                + "\"effectiveFrom\":\"2099-01-01T00:00:00Z\"}").statusCode(200);

        String body = as(service).queryParam("since", before).get("/api/v1/finops/valuation-rates").then()
                .statusCode(200).contentType("application/json").extract().asString();

        JsonNode example = STRICT.readTree(Files.readString(CONTRACTS.resolve("pricing-valuation-rates.json")));
        JsonNode real = STRICT.readTree(body);
        assertTrue(real.size() >= 2, body);
        for (JsonNode rate : real) {
            assertEquals(fields(example.get(0)), fields(rate), "fields of " + rate);
            assertTrue(rate.get("version").isIntegralNumber() && rate.get("inputRatePerKTokens").isNumber(), rate.toString());
        }
        List<RateVersion> parsed = STRICT.readValue(body, new TypeReference<>() { });
        RateVersion future = parsed.stream().filter(r -> r.modelId().equals(model)).reduce((a, b) -> b).orElseThrow();
        assertEquals(Instant.parse("2099-01-01T00:00:00Z"), future.effectiveFrom());
        assertEquals(0, new BigDecimal("0.00375").compareTo(future.cacheWriteRatePerKTokens()));
        assertEquals("USD", future.currency());
        assertEquals("api", future.source());
        assertEquals(0, new BigDecimal("0.006").compareTo(future.cacheWrite1hRatePerKTokens()));
        assertEquals(200_000, future.contextTiers().get(0).aboveInputTokens());
        assertEquals(0, new BigDecimal("0.0075").compareTo(future.serviceTiers().get("batch").outputRatePerKTokens()));
        assertEquals(0, new BigDecimal("0.01").compareTo(future.searchQueryCostUsd()));
        // The example itself reads into the same records, so ingest's stub serves a faithful answer.
        assertEquals(4, STRICT.readValue(example.toString(), new TypeReference<List<RateVersion>>() { }).size());
    }

    @Test
    void theAliasTableAnswersExactlyTheContractsFields() throws IOException {
        String body = as(Api.key(ingest, "service")).get("/api/v1/finops/model-aliases").then().statusCode(200)
                .extract().asString();

        JsonNode example = STRICT.readTree(Files.readString(CONTRACTS.resolve("pricing-model-aliases.json")));
        List<ModelAlias> aliases = STRICT.readValue(body, new TypeReference<>() { });
        assertFalse(aliases.isEmpty());
        assertEquals(fields(example.get(0)), fields(STRICT.readTree(body).get(0)));
        assertTrue(aliases.contains(new ModelAlias("claude-sonnet-4-20250514", "claude-sonnet-4")),
                "the catalog's aliases, like the example's");
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

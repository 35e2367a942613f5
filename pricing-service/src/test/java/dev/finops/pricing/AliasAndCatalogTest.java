package dev.finops.pricing;

import dev.finops.testing.IngestStub;
import static dev.finops.pricing.Api.as;
import static dev.finops.pricing.Api.putRateVersion;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.pricing.service.CatalogLoader;
import dev.finops.pricing.service.PriceCatalog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names resolve to their family; the built-in catalog is there and is loaded once only. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class AliasAndCatalogTest {

    private static final String RATES = "/api/v1/finops/valuation-rates";
    private static final String ALIASES = "/api/v1/finops/model-aliases";

    @IngestStub.Server
    WireMockServer ingest;

    @Inject
    CatalogLoader loader;

    String admin;
    String reader;

    @BeforeEach
    void keys() {
        admin = Api.key(ingest, "admin");
        reader = Api.key(ingest, "reader");
    }

    @Test
    void theBuiltInCatalogHasTheCommonModelsWithCacheRates() {
        as(reader).get(RATES).then().statusCode(200)
                .body("modelId", hasItems("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o1", "o3",
                        "o3-mini", "o4-mini", "text-embedding-3-small", "text-embedding-3-large", "claude-opus-4",
                        "claude-sonnet-4", "claude-3-5-haiku", "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.0-flash",
                        "mistral-large", "mistral-small", "llama-3.3-70b"));
        as(reader).get(RATES + "/claude-sonnet-4/history").then().statusCode(200)
                .body("[0].source", equalTo("catalog"))
                .body("[0].effectiveFrom", equalTo("2025-08-01T00:00:00Z"))
                .body("[0].cachedInputRatePerKTokens", equalTo(new BigDecimal("0.0003")))
                .body("[0].cacheWriteRatePerKTokens", equalTo(new BigDecimal("0.00375")));
        assertTrue(Api.metric("finops_catalog_models") >= 20, "catalog size gauge");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
        gpt-4o-2024-08-06, gpt-4o
        openai/gpt-4o, gpt-4o
        azure/gpt-4o-mini-2024-07-18, gpt-4o-mini
        claude-sonnet-4-20250514, claude-sonnet-4
        claude-sonnet-4@20250514, claude-sonnet-4
        us.anthropic.claude-sonnet-4-20250514-v1:0, claude-sonnet-4
        anthropic.claude-3-5-haiku-20241022-v1:0, claude-3-5-haiku
        publishers/google/models/gemini-2.5-pro, gemini-2.5-pro
        mistral-large-latest, mistral-large
        """)
    void datedPrefixedAndCloudNamesResolveToTheirFamily(String name, String modelId) {
        as(reader).get(RATES + "/" + name).then().statusCode(200).body("modelId", equalTo(modelId));
    }

    @Test
    void anAliasPutThroughTheApiResolvesAndIsListed() {
        String model = Api.unique("fam");
        String alias = model + "-2025-01-01-preview";
        long v = putRateVersion(admin, model, "0.001", "0.002", "2025-01-01T00:00:00Z");

        as(admin).contentType(ContentType.JSON).body("[{\"alias\":\"" + alias + "\",\"modelId\":\"" + model + "\"}]")
                .put(ALIASES).then().statusCode(200).body("alias", hasItem(alias));

        as(reader).get(RATES + "/" + alias).then().statusCode(200).body("version", equalTo((int) v));
        as(reader).get(ALIASES).then().statusCode(200)
                .body("find { it.alias == '" + alias + "' }.modelId", equalTo(model));
        as(admin).delete(ALIASES + "/" + alias).then().statusCode(204);
        as(reader).get(RATES + "/" + alias).then().statusCode(404);
    }

    @Test
    void anAliasToAModelWithoutRatesIsRefused() {
        as(admin).contentType(ContentType.JSON).body("[{\"alias\":\"" + Api.unique("a") + "\",\"modelId\":\"nope-"
                        + Api.unique("m") + "\"}]").put(ALIASES).then().statusCode(400)
                .body("errors[0].field", equalTo("[0].modelId"));
        as(admin).contentType(ContentType.JSON).body("[{\"alias\":\"\",\"modelId\":\"gpt-4o\"}]").put(ALIASES).then()
                .statusCode(400).body("errors[0].field", equalTo("[0].alias"));
        as(reader).contentType(ContentType.JSON).body("[{\"alias\":\"x\",\"modelId\":\"gpt-4o\"}]").put(ALIASES).then()
                .statusCode(403);
    }

    @Test
    void anUnknownModelIsReportedUnknownAndCountedNeverPricedAtZero() {
        double before = Api.metric("finops_unknown_model_lookups_total", "where=\"lookup\"");
        as(reader).get(RATES + "/" + Api.unique("unknown")).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("unknown model"));
        assertEquals(before + 1, Api.metric("finops_unknown_model_lookups_total", "where=\"lookup\""));
    }

    @Test
    void aCatalogIsLoadedOnTheFirstStartOnlyAndNeverOverwritesApiChanges() {
        String model = Api.unique("cat");
        PriceCatalog catalog = new PriceCatalog(Api.unique("catalog"), LocalDate.parse("2025-05-01"), "test",
                List.of(new PriceCatalog.Entry(model, "test", new BigDecimal("0.001"), null, null,
                        new BigDecimal("0.002"), null)), List.of());

        assertTrue(loader.load(catalog).await().atMost(Duration.ofSeconds(10)), "first start loads it");
        long changed = putRateVersion(admin, model, "0.0009", "0.0018", "2025-05-01T00:00:00Z");
        assertFalse(loader.load(catalog).await().atMost(Duration.ofSeconds(10)), "a restart does not");

        as(reader).get(RATES + "/" + model + "/history").then().statusCode(200)
                .body("source", equalTo(List.of("catalog", "api")));
        as(reader).get(RATES + "/" + model).then().body("version", equalTo((int) changed));
        // The built-in one was loaded when this service first started against this database.
        assertFalse(loader.load(PriceCatalog.read(new com.fasterxml.jackson.databind.ObjectMapper()
                .findAndRegisterModules(), "catalog/price-catalog.json")).await().atMost(Duration.ofSeconds(10)));
    }
}

package dev.finops.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.pricing.service.CatalogGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The built-in catalog is what CatalogGenerator makes from the committed copy of LiteLLM's map, byte for byte. */
class CatalogGeneratorTest {

    private static final Path CATALOG_DIR = Path.of("src/main/catalog");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** scripts/catalog-from-litellm.sh regenerates through this test, so it runs on the module's own classpath. */
    @org.junit.jupiter.api.BeforeAll
    static void regenerateWhenAsked() throws IOException {
        String map = System.getProperty("finops.catalog.regenerate-from");
        if (map != null && !map.isBlank()) {
            CatalogGenerator.main(new String[] {map, "."});
        }
    }

    @Test
    void theCommittedCatalogIsGeneratedFromTheCommittedMap() throws IOException {
        JsonNode selection = JSON.readTree(CATALOG_DIR.resolve("catalog-models.json").toFile());
        JsonNode map = JSON.readTree(CATALOG_DIR.resolve("litellm-model-prices.json").toFile());
        String expected = CatalogGenerator.write(CatalogGenerator.catalog(map, selection));
        String committed = Files.readString(Path.of("src/main/resources/catalog/price-catalog.json"));
        assertEquals(expected, committed, "the catalog differs from what scripts/catalog-from-litellm.sh makes; "
                + "run it and commit its output");
        assertEquals(CatalogGenerator.write(CatalogGenerator.trim(map, selection)),
                Files.readString(CATALOG_DIR.resolve("litellm-model-prices.json")), "the map copy is trimmed and sorted");
    }

    @Test
    void theCatalogCarriesRateModelV2FromTheMap() throws IOException {
        JsonNode catalog = JSON.readTree(Path.of("src/main/resources/catalog/price-catalog.json").toFile());
        JsonNode gemini = null;
        JsonNode sonnet = null;
        for (JsonNode m : catalog.get("models")) {
            gemini = "gemini-2.5-pro".equals(m.get("modelId").asText()) ? m : gemini;
            sonnet = "claude-sonnet-4".equals(m.get("modelId").asText()) ? m : sonnet;
        }
        assertEquals(200000, gemini.get("contextTiers").get(0).get("aboveInputTokens").asLong());
        assertEquals(0, new BigDecimal("0.0025").compareTo(gemini.get("contextTiers").get(0).get("rates")
                .get("inputRatePerKTokens").decimalValue()));
        assertEquals(0, new BigDecimal("0.006").compareTo(sonnet.get("cacheWrite1h").decimalValue()));
        assertTrue(catalog.get("models").size() >= 20);
    }
}

package dev.finops.pricing;

import dev.finops.testing.IngestStub;
import static dev.finops.pricing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Import of LiteLLM's price map, from a fixture in its real format (model ids made unique per test). */
@QuarkusTest
@WithTestResource(IngestStub.class)
class PriceMapImportTest {

    private static final String IMPORT = "/api/v1/finops/valuation-rates:import";
    private static final String RATES = "/api/v1/finops/valuation-rates";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @IngestStub.Server
    WireMockServer ingest;

    String admin;
    String reader;
    String suffix;
    ObjectNode map;

    @BeforeEach
    void fixture() throws IOException {
        admin = Api.key(ingest, "admin");
        reader = Api.key(ingest, "reader");
        suffix = "~" + Api.unique("t");
        ObjectNode original;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/litellm-model-prices.json")) {
            original = (ObjectNode) JSON.readTree(in);
        }
        map = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = original.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.set("sample_spec".equals(e.getKey()) ? e.getKey() : e.getKey() + suffix, e.getValue());
        }
    }

    @Test
    void aDryRunReportsTheDiffAndStoresNothing() {
        JsonPath report = post(map.toString(), true);

        assertEquals(true, report.getBoolean("dryRun"));
        assertEquals(26, report.getInt("added"));
        assertEquals(0, report.getInt("changed"));
        assertEquals(12, report.getInt("skipped"));
        as(reader).get(RATES + "/gpt-4o" + suffix).then().statusCode(404);
    }

    @Test
    void importConvertsPerTokenToPerThousandAndReportsWhyEntriesWereSkipped() {
        JsonPath report = post(map.toString(), false);

        assertEquals(26, report.getInt("added"));
        assertEquals(12, report.getInt("skipped"));
        assertEquals("the format's own documentation entry, not a model", reason(report, "sample_spec"));
        assertEquals("mode 'image_generation' is not billed per token", reason(report, "dall-e-3" + suffix));
        assertEquals("mode 'audio_transcription' is not billed per token", reason(report, "whisper-1" + suffix));
        assertEquals("has no input_cost_per_token", reason(report, "openrouter/some-preview-model" + suffix));
        assertEquals("input_cost_per_token is not a number", reason(report, "deepinfra/broken-price-model" + suffix));
        assertEquals("inputRatePerKTokens must not be negative", reason(report, "custom/negative-price-model" + suffix));

        as(reader).get(RATES + "/claude-sonnet-4-20250514" + suffix).then().statusCode(200)
                .body("source", equalTo("import")).body("provider", equalTo("anthropic"))
                .body("inputRatePerKTokens", equalTo(new BigDecimal("0.003")))
                .body("outputRatePerKTokens", equalTo(new BigDecimal("0.015")))
                .body("cachedInputRatePerKTokens", equalTo(new BigDecimal("0.0003")))
                .body("cacheWriteRatePerKTokens", equalTo(new BigDecimal("0.00375")))
                // Rate model v2 from LiteLLM's field names: the context tier above 200k and the web-search price.
                .body("contextTiers[0].aboveInputTokens", equalTo(200000))
                .body("contextTiers[0].rates.inputRatePerKTokens", equalTo(new BigDecimal("0.006")))
                .body("contextTiers[0].rates.outputRatePerKTokens", equalTo(new BigDecimal("0.0225")))
                .body("searchQueryCostUsd", equalTo(new BigDecimal("0.01")));
        as(reader).get(RATES + "/gpt-4o" + suffix).then().statusCode(200)
                .body("serviceTiers.batch.inputRatePerKTokens", equalTo(new BigDecimal("0.00125")))
                .body("serviceTiers.batch.outputRatePerKTokens", equalTo(new BigDecimal("0.005")))
                .body("contextTiers", equalTo(java.util.List.of()));
        as(reader).get(RATES + "/gemini/gemini-2.5-flash" + suffix).then().statusCode(200)
                .body("reasoningRatePerKTokens", equalTo(new BigDecimal("0.0025")));
        as(reader).get(RATES + "/mistral/mistral-embed" + suffix).then().statusCode(200)
                .body("outputRatePerKTokens", equalTo(0));
    }

    @Test
    void aSecondImportChangesOnlyWhatChanged() {
        post(map.toString(), false);
        ((ObjectNode) map.get("gpt-4o" + suffix)).put("input_cost_per_token", new BigDecimal("2e-06"));
        // A change of a tier alone is a change of the rate, too.
        ((ObjectNode) map.get("claude-sonnet-4-20250514" + suffix))
                .put("cache_creation_input_token_cost_above_1hr", new BigDecimal("6e-06"));

        JsonPath again = post(map.toString(), false);

        assertEquals(0, again.getInt("added"));
        assertEquals(2, again.getInt("changed"));
        assertEquals(24, again.getInt("unchanged"));
        as(reader).get(RATES + "/claude-sonnet-4-20250514" + suffix).then()
                .body("cacheWrite1hRatePerKTokens", equalTo(new BigDecimal("0.006")));
        assertEquals(new BigDecimal("0.0025"), again.getObject(
                "changes.find { it.modelId == 'gpt-4o" + suffix + "' }.previous.inputRatePerKTokens", BigDecimal.class));
        as(reader).get(RATES + "/gpt-4o" + suffix).then().body("inputRatePerKTokens", equalTo(new BigDecimal("0.002")));
        as(reader).get(RATES + "/gpt-4o" + suffix + "/history").then().body("source", equalTo(java.util.List.of("import", "import")));
    }

    @Test
    void thePercentEncodedColonReachesTheSameEndpoint() {
        as(admin).urlEncodingEnabled(false).contentType(ContentType.JSON).queryParam("dryRun", true).body(map.toString())
                .post("/api/v1/finops/valuation-rates%3Aimport").then().statusCode(200).body("added", equalTo(26));
    }

    @Test
    void onlyAdminsImportAndTheBodyMustBeAPriceMap() {
        as(reader).urlEncodingEnabled(false).contentType(ContentType.JSON).body(map.toString()).post(IMPORT).then().statusCode(403);
        as(admin).urlEncodingEnabled(false).contentType(ContentType.JSON).body("[1,2]").post(IMPORT).then().statusCode(400)
                .body("errors.field", hasItem("body"));
        as(admin).urlEncodingEnabled(false).contentType(ContentType.JSON).body("{not json").post(IMPORT).then().statusCode(400)
                .contentType("application/problem+json");
        as(admin).urlEncodingEnabled(false).contentType(ContentType.JSON).queryParam("dryRun", "perhaps").body("{}").post(IMPORT).then()
                .statusCode(400).body("errors[0].field", equalTo("dryRun"));
    }

    private JsonPath post(String body, boolean dryRun) {
        // The colon as curl sends it (REST Assured would percent-encode it; that spelling is tested below).
        return as(admin).urlEncodingEnabled(false).contentType(ContentType.JSON).queryParam("dryRun", dryRun)
                .body(body).post(IMPORT).then()
                .statusCode(200).extract().jsonPath(io.restassured.path.json.config.JsonPathConfig.jsonPathConfig()
                        .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    private static String reason(JsonPath report, String key) {
        return report.getString("skippedEntries.find { it.key == '" + key + "' }.reason");
    }
}

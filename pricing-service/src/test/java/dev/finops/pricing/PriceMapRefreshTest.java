package dev.finops.pricing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.finops.pricing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.testing.IngestStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refresh from a price map at a URL: a local HTTP server (WireMock) serves the committed copy of LiteLLM's real map
 * (test fixtures, trimmed), under model names unique to each test, first imported as they are and then changed.
 */
@QuarkusTest
@WithTestResource(PriceMapServer.class)
class PriceMapRefreshTest {

    private static final String RATES = "/api/v1/finops/valuation-rates";
    private static final String REFRESH = RATES + "/refresh";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @IngestStub.Server
    WireMockServer server;

    String admin;
    String reader;
    String suffix;
    ObjectNode map;

    @BeforeEach
    void knownModels() throws IOException {
        admin = Api.key(server, "admin");
        reader = Api.key(server, "reader");
        suffix = "~" + Api.unique("r");
        ObjectNode original;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/litellm-model-prices.json")) {
            original = (ObjectNode) JSON.readTree(in);
        }
        map = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = original.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!"sample_spec".equals(e.getKey())) {
                map.set(e.getKey() + suffix, e.getValue().deepCopy());
            }
        }
        as(admin).urlEncodingEnabled(false).contentType(ContentType.JSON).body(map.toString())
                .post(RATES + ":import").then().statusCode(200).body("added", equalTo(26));
    }

    /** The map as served from now on: the tier of claude-sonnet-4 above 200k rises, gpt-4o's input jumps 100x. */
    private void serveChangedMap() {
        ((ObjectNode) map.get("claude-sonnet-4-20250514" + suffix)).put("input_cost_per_token_above_200k_tokens",
                new BigDecimal("7e-06"));
        ((ObjectNode) map.get("gpt-4o" + suffix)).put("input_cost_per_token", new BigDecimal("2.5e-04"));
        server.stubFor(get(urlPathEqualTo(PriceMapServer.PATH)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(map.toString())));
    }

    @Test
    void aTierChangeIsAppliedAndAHundredfoldJumpIsHeldUntilConfirmed() {
        serveChangedMap();
        String claude = "claude-sonnet-4-20250514" + suffix;
        String gpt4o = "gpt-4o" + suffix;

        JsonPath preview = json(as(admin).get(REFRESH + "/preview").then().statusCode(200));
        assertEquals(false, preview.getBoolean("applied"));
        assertEquals(2, preview.getList("changes").size(), preview.prettify());
        assertEquals(false, preview.getBoolean("changes.find { it.modelId == '" + claude + "' }.held"));
        assertEquals(true, preview.getBoolean("changes.find { it.modelId == '" + gpt4o + "' }.held"));
        assertEquals(0, new BigDecimal("100").compareTo(preview.getObject(
                "changes.find { it.modelId == '" + gpt4o + "' }.largestFactor", BigDecimal.class)));
        as(reader).get(RATES + "/" + claude).then().body("contextTiers[0].rates.inputRatePerKTokens",
                equalTo(new BigDecimal("0.006")));

        JsonPath applied = json(as(admin).post(REFRESH).then().statusCode(200));
        assertEquals(true, applied.getBoolean("applied"));
        String url = applied.getString("sourceUrl");
        as(reader).get(RATES + "/" + claude).then().statusCode(200)
                .body("source", equalTo("refresh")).body("sourceUrl", equalTo(url))
                .body("sourceFetchedAt", notNullValue())
                .body("contextTiers[0].aboveInputTokens", equalTo(200000))
                .body("contextTiers[0].rates.inputRatePerKTokens", equalTo(new BigDecimal("0.007")));
        as(reader).get(RATES + "/" + gpt4o).then().statusCode(200)
                .body("inputRatePerKTokens", equalTo(new BigDecimal("0.0025"))).body("source", equalTo("import"));
        as(admin).get(REFRESH + "/held").then().statusCode(200).body("modelId", hasItem(gpt4o))
                .body("modelId", not(hasItem(claude)));

        as(admin).contentType(ContentType.JSON).body("{\"modelIds\":[\"" + gpt4o + "\"]}").post(REFRESH + "/confirm")
                .then().statusCode(200).body("[0].modelId", equalTo(gpt4o)).body("[0].source", equalTo("refresh"));
        as(reader).get(RATES + "/" + gpt4o).then().body("inputRatePerKTokens", equalTo(new BigDecimal("0.25")))
                .body("sourceUrl", equalTo(url));
        as(admin).get(REFRESH + "/held").then().body("modelId", not(hasItem(gpt4o)));
        as(reader).get(RATES + "/" + gpt4o + "/history").then().body("source", equalTo(List.of("import", "refresh")));
        // audited, with the refresh's actor
        as(admin).queryParam("kind", "rate").queryParam("limit", 500).get("/api/v1/audit").then().statusCode(200)
                .body("target", hasItem(gpt4o));

        // the same map again changes nothing
        JsonPath again = json(as(admin).get(REFRESH + "/preview").then().statusCode(200));
        assertEquals(0, again.getList("changes").size(), again.prettify());
    }

    @Test
    void onlyAdminsRefreshAndConfirmingAnUnheldModelNamesTheField() {
        serveChangedMap();
        as(reader).get(REFRESH + "/preview").then().statusCode(403);
        as(reader).post(REFRESH).then().statusCode(403);
        as(reader).contentType(ContentType.JSON).body("{}").post(REFRESH + "/confirm").then().statusCode(403);
        as(admin).contentType(ContentType.JSON).body("{\"modelIds\":[\"nothing-held" + suffix + "\"]}")
                .post(REFRESH + "/confirm").then().statusCode(400).body("errors[0].field", equalTo("modelIds"));
    }

    @Test
    void anUnreachableMapIsABadGatewayNotAnError() {
        server.stubFor(get(urlPathEqualTo(PriceMapServer.PATH)).willReturn(aResponse().withStatus(503)));
        as(admin).get(REFRESH + "/preview").then().statusCode(502).contentType("application/problem+json");
    }

    private static JsonPath json(io.restassured.response.ValidatableResponse response) {
        return response.extract().jsonPath(JsonPathConfig.jsonPathConfig()
                .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }
}

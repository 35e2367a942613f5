package dev.finops.pricing;

import dev.finops.testing.IngestStub;
import static dev.finops.pricing.Api.as;
import static dev.finops.pricing.Api.putRate;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quotes: itemised, exact, for every token kind and every usage shape ingest accepts. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class QuoteTest {

    private static final String QUOTE = "/api/v1/finops/quote";

    @IngestStub.Server
    WireMockServer ingest;

    String admin;
    String reader;
    String model;
    long version;

    /** A model with a distinct rate for every token kind, so each item's arithmetic shows. */
    @BeforeEach
    void model() {
        admin = Api.key(ingest, "admin");
        reader = Api.key(ingest, "reader");
        model = Api.unique("q");
        version = ((Number) putRate(admin, "{\"modelId\":\"" + model + "\",\"inputRatePerKTokens\":0.003,"
                + "\"outputRatePerKTokens\":0.015,\"cachedInputRatePerKTokens\":0.0003,\"cacheWriteRatePerKTokens\":0.00375,"
                + "\"reasoningRatePerKTokens\":0.02,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}").statusCode(200)
                .extract().path("version")).longValue();
    }

    /** claude-sonnet-4's list prices (LiteLLM): a context tier above 200k, 1-hour writes, batch, web search. */
    private String v2Model() {
        String m = Api.unique("q2");
        putRate(admin, "{\"modelId\":\"" + m + "\",\"inputRatePerKTokens\":0.003,\"outputRatePerKTokens\":0.015,"
                + "\"cachedInputRatePerKTokens\":0.0003,\"cacheWriteRatePerKTokens\":0.00375,"
                + "\"cacheWrite1hRatePerKTokens\":0.006,\"searchQueryCostUsd\":0.01,\"requestCostUsd\":0.005,"
                + "\"contextTiers\":[{\"aboveInputTokens\":200000,\"rates\":{\"inputRatePerKTokens\":0.006,"
                + "\"outputRatePerKTokens\":0.0225,\"cacheWriteRatePerKTokens\":0.0075}}],"
                + "\"serviceTiers\":{\"batch\":{\"inputRatePerKTokens\":0.0015,\"outputRatePerKTokens\":0.0075}},"
                + "\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}").statusCode(200);
        return m;
    }

    @Test
    void rateModelV2IsItemised() {
        String m = v2Model();
        // Anthropic usage: 100 uncached, 2000 read, 1000 5-minute and 2000 1-hour writes, 400 out, 3 searches.
        quote("{\"model\":\"" + m + "\",\"usage\":{\"input_tokens\":100,\"output_tokens\":400,"
                + "\"cache_read_input_tokens\":2000,\"cache_creation_input_tokens\":3000,\"cache_creation\":"
                + "{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":2000},"
                + "\"server_tool_use\":{\"web_search_requests\":3}}}")
                .statusCode(200)
                .body("serviceTier", equalTo("default")).body("contextTierAboveInputTokens", equalTo(null))
                .body("tokens.cacheWrite1hInputTokens", equalTo(2000)).body("tokens.searchQueries", equalTo(3))
                .body("items.kind", equalTo(List.of("uncachedInput", "cachedInput", "cacheWrite", "cacheWrite1h",
                        "output", "reasoning", "request", "searchQuery")))
                .body("items.costUsd", equalTo(List.of(new BigDecimal("0.0003"), new BigDecimal("0.0006"),
                        new BigDecimal("0.00375"), new BigDecimal("0.012"), new BigDecimal("0.006"), 0,
                        new BigDecimal("0.005"), new BigDecimal("0.03"))))
                .body("items.find { it.kind == 'searchQuery' }.units", equalTo(3))
                .body("items.find { it.kind == 'searchQuery' }.unitPriceUsd", equalTo(new BigDecimal("0.01")))
                .body("totalUsd", equalTo(new BigDecimal("0.05765")));
    }

    @Test
    void theWholeCallIsBilledAtTheContextTierItsInputFallsIn() {
        String m = v2Model();
        quote("{\"model\":\"" + m + "\",\"inputTokens\":250000,\"cacheWriteInputTokens\":10000,\"outputTokens\":1000}")
                .statusCode(200)
                .body("contextTierAboveInputTokens", equalTo(200000))
                .body("items.find { it.kind == 'uncachedInput' }.ratePerKTokens", equalTo(new BigDecimal("0.006")))
                // 240000 * 0.006 + 10000 * 0.0075 + 1000 * 0.0225 (per 1K) + one request at 0.005
                .body("totalUsd", equalTo(new BigDecimal("1.5425")));
        quote("{\"model\":\"" + m + "\",\"inputTokens\":200000,\"outputTokens\":0,\"requests\":2}")
                .statusCode(200).body("contextTierAboveInputTokens", equalTo(null))
                .body("totalUsd", equalTo(new BigDecimal("0.61")));
    }

    @Test
    void aServiceTierUsesItsOwnRates() {
        String m = v2Model();
        quote("{\"model\":\"" + m + "\",\"inputTokens\":10000,\"outputTokens\":1000,\"serviceTier\":\"batch\"}")
                .statusCode(200).body("serviceTier", equalTo("batch"))
                // 10000 * 0.0015 + 1000 * 0.0075 (per 1K) + one request at 0.005
                .body("totalUsd", equalTo(new BigDecimal("0.0275")));
        quote("{\"model\":\"" + m + "\",\"inputTokens\":1,\"outputTokens\":1,\"serviceTier\":\"turbo\"}")
                .statusCode(400).body("errors[0].field", equalTo("serviceTier"));
    }

    @Test
    void badTiersAreRefusedNamingTheField() {
        putRate(admin, "{\"modelId\":\"" + Api.unique("q3") + "\",\"inputRatePerKTokens\":0.003,"
                + "\"outputRatePerKTokens\":0.015,\"serviceTiers\":{\"turbo\":{\"inputRatePerKTokens\":0.001}},"
                + "\"contextTiers\":[{\"aboveInputTokens\":0,\"rates\":{\"inputRatePerKTokens\":0.001}}],"
                + "\"searchQueryCostUsd\":-1}")
                .statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("serviceTiers.turbo",
                        "contextTiers[0].aboveInputTokens", "searchQueryCostUsd"));
    }

    @Test
    void everyTokenKindIsItemisedAtItsOwnRate() {
        // 10000 input of which 3000 cached and 2000 cache writes; 5000 output of which 1000 reasoning.
        quote("{\"model\":\"" + model + "\",\"inputTokens\":10000,\"cachedInputTokens\":3000,"
                + "\"cacheWriteInputTokens\":2000,\"outputTokens\":5000,\"reasoningTokens\":1000}")
                .statusCode(200)
                .body("modelId", equalTo(model)).body("rateVersion", equalTo((int) version))
                .body("items.kind", equalTo(List.of("uncachedInput", "cachedInput", "cacheWrite", "cacheWrite1h", "output",
                        "reasoning")))
                .body("items.tokens", equalTo(List.of(5000, 3000, 2000, 0, 4000, 1000)))
                .body("items.costUsd", equalTo(List.of(new BigDecimal("0.015"), new BigDecimal("0.0009"),
                        new BigDecimal("0.0075"), 0, new BigDecimal("0.06"), new BigDecimal("0.02"))))
                .body("totalUsd", equalTo(new BigDecimal("0.1034")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        canonical               | "inputTokens":1000,"cachedInputTokens":200,"outputTokens":100                                                                         | 0.00396
        openai chat completions | "usage":{"prompt_tokens":1200,"completion_tokens":300,"prompt_tokens_details":{"cached_tokens":1024},"completion_tokens_details":{"reasoning_tokens":0}} | 0.0053352
        openai chat reasoning   | "usage":{"prompt_tokens":500,"completion_tokens":2000,"completion_tokens_details":{"reasoning_tokens":1500}}                          | 0.039
        openai responses        | "usage":{"input_tokens":3000,"input_tokens_details":{"cached_tokens":2048},"output_tokens":400,"output_tokens_details":{"reasoning_tokens":100}} | 0.0099704
        anthropic messages      | "usage":{"input_tokens":50,"cache_creation_input_tokens":2000,"cache_read_input_tokens":10000,"output_tokens":500}                    | 0.018150
        """)
    void everyProviderShapeIsPricedLikeIngestPricesIt(String shape, String tokens, String total) {
        quote("{\"model\":\"" + model + "\"," + tokens + "}").statusCode(200)
                .body("totalUsd", equalTo(new BigDecimal(total).stripTrailingZeros()));
    }

    @Test
    void atPricesWithTheRateOfThatInstant() {
        putRate(admin, Api.rate(model, "0.1", "0.2", "2025-06-01T00:00:00Z")).statusCode(200);
        String body = "{\"model\":\"" + model + "\",\"inputTokens\":1000,\"outputTokens\":1000}";

        assertEquals(new BigDecimal("0.018"), total(as(reader).queryParam("at", "2025-05-31T23:59:59.999Z"), body));
        assertEquals(new BigDecimal("0.3"), total(as(reader).queryParam("at", "2025-06-01T00:00:00Z"), body));
        as(reader).queryParam("at", "2024-12-31T23:59:59Z").contentType(ContentType.JSON).body(body).post(QUOTE).then()
                .statusCode(422).body("errors[0].field", equalTo("model"));
    }

    @Test
    void aBatchAnswersOneQuotePerUsageInOrder() {
        as(reader).contentType(ContentType.JSON).body("[{\"model\":\"" + model + "\",\"inputTokens\":1000,\"outputTokens\":0},"
                        + "{\"model\":\"openai/" + model + "\",\"inputTokens\":0,\"outputTokens\":1000}]")
                .post(QUOTE).then().statusCode(200)
                .body("totalUsd", equalTo(List.of(new BigDecimal("0.003"), new BigDecimal("0.015"))))
                .body("model", equalTo(List.of(model, "openai/" + model)));
    }

    @Test
    void anUnknownModelIsA422NeverAZeroCost() {
        String unknown = Api.unique("nope");
        quote("{\"model\":\"" + unknown + "\",\"inputTokens\":10,\"outputTokens\":1}").statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("model"));
        as(reader).contentType(ContentType.JSON).body("[{\"model\":\"" + model + "\",\"inputTokens\":1,\"outputTokens\":1},"
                + "{\"model\":\"" + unknown + "\",\"inputTokens\":1,\"outputTokens\":1}]").post(QUOTE).then()
                .statusCode(422).body("errors[0].field", equalTo("[1].model")).body("errors[0].index", equalTo(1));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
        "inputTokens":5,"cachedInputTokens":6,"outputTokens":1                 | cachedInputTokens
        "inputTokens":-5,"outputTokens":1                                      | inputTokens
        "inputTokens":"many","outputTokens":1                                  | inputTokens
        "outputTokens":1                                                       | inputTokens
        "usage":{"prompt_tokens":5,"completion_tokens":1,"completion_tokens_details":{"reasoning_tokens":2}} | usage.completion_tokens_details.reasoning_tokens
        "usage":{"tokens":5}                                                   | usage
        """)
    void badTokensAreA400NamingTheField(String tokens, String field) {
        quote("{\"model\":\"" + model + "\"," + tokens + "}").statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    @Test
    void aQuoteWithoutAModelOrWithABadInstantIsA400() {
        quote("{\"inputTokens\":1,\"outputTokens\":1}").statusCode(400).body("errors.field", hasItem("model"));
        as(reader).queryParam("at", "last tuesday").contentType(ContentType.JSON)
                .body("{\"model\":\"" + model + "\",\"inputTokens\":1,\"outputTokens\":1}").post(QUOTE).then()
                .statusCode(400).body("errors[0].field", equalTo("at"));
        as(Api.key(ingest, "ingest")).contentType(ContentType.JSON)
                .body("{\"model\":\"" + model + "\",\"inputTokens\":1,\"outputTokens\":1}").post(QUOTE).then()
                .statusCode(200);
    }

    private ValidatableResponse quote(String body) {
        return as(reader).contentType(ContentType.JSON).body(body).post(QUOTE).then();
    }

    private static BigDecimal total(io.restassured.specification.RequestSpecification spec, String body) {
        return spec.contentType(ContentType.JSON).body(body).post(QUOTE).then().statusCode(200)
                .extract().jsonPath().getObject("totalUsd", BigDecimal.class);
    }
}

package dev.finops.ingest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden fixtures: each provider's usage object, its canonical token split and its exact cost. */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class ProviderFixturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openai-chat-completions", "openai-chat-reasoning", "openai-responses",
        "anthropic-messages", "canonical", "anthropic-1h-cache-writes", "anthropic-above-200k", "openai-batch",
        "openai-priority"})
    void normalisesAndPricesEachProviderShape(String fixture) throws IOException {
        Api.refreshRates();
        JsonNode golden = load(fixture);
        JsonNode expected = golden.get("expected");
        String team = Api.unique("team");
        String eventId = Api.unique(fixture);
        ObjectNode event = ((ObjectNode) golden.get("event").deepCopy()).put("eventId", eventId)
                .put("timestamp", Api.now());

        Api.post(Api.key("ingest", team), event.toString()).statusCode(201)
                .body("costUsd", equalTo(new BigDecimal(expected.get("costUsd").asText())))
                .body("rateVersion", equalTo(expected.get("rateVersion").asInt()))
                .body("costBreakdown.totalUsd", equalTo(new BigDecimal(expected.get("costUsd").asText())))
                .body("costBreakdown.rates.serviceTier", equalTo(expected.path("serviceTier").asText("default")));

        Row row = pool.preparedQuery("""
                SELECT input_tokens, cached_input_tokens, cache_write_input_tokens, output_tokens, reasoning_tokens,
                       cache_write_1h_input_tokens, search_queries, service_tier, priced_model, cost_usd
                FROM usage_events WHERE team_id = $1 AND event_id = $2""")
                .execute(Tuple.of(team, eventId)).await().indefinitely().iterator().next();
        for (String field : new String[] {"inputTokens", "cachedInputTokens", "cacheWriteInputTokens", "outputTokens",
            "reasoningTokens"}) {
            assertEquals(expected.get(field).asLong(), row.getLong(snake(field)), fixture + " " + field);
        }
        // Rate model v2: what the event is billed for besides its base token kinds is stored, for revaluation.
        assertEquals(expected.path("cacheWrite1hInputTokens").asLong(0), row.getLong("cache_write_1h_input_tokens"));
        assertEquals(expected.path("searchQueries").asLong(0), row.getLong("search_queries"));
        assertEquals(expected.path("serviceTier").asText("default"), row.getString("service_tier"));
        assertEquals(expected.get("pricedModel").asText(), row.getString("priced_model"));
        assertEquals(0, new BigDecimal(expected.get("costUsd").asText()).compareTo(row.getBigDecimal("cost_usd")));
    }

    private static JsonNode load(String name) throws IOException {
        try (InputStream in = ProviderFixturesTest.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            return JSON.readTree(in);
        }
    }

    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase();
    }
}

package dev.finops.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * pricing-service stubbed at its HTTP boundary: the rate change feed and the alias table.
 * Tests add rate versions with {@link #addRate} and then ask ingest to refresh.
 */
public class PricingStub implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;
    private static final List<String> RATES = new ArrayList<>();

    /** The rates of the golden fixtures (USD per 1K tokens). */
    static {
        RATES.add(rate("gpt-4o", "openai", "0.0025", "0.01", "0.00125", null, null, "2024-01-01T00:00:00Z", 1));
        RATES.add(rate("gpt-4o-mini", "openai", "0.00015", "0.0006", "0.000075", null, null, "2024-01-01T00:00:00Z", 2));
        RATES.add(rate("o3-mini", "openai", "0.0011", "0.0044", "0.00055", null, null, "2024-01-01T00:00:00Z", 3));
        RATES.add(rate("claude-sonnet-4", "anthropic", "0.003", "0.015", "0.0003", "0.00375", null,
                "2024-01-01T00:00:00Z", 4));
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        publish();
        server.stubFor(get(urlPathEqualTo("/api/v1/finops/model-aliases")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"alias\":\"claude-sonnet-4-20250514\",\"modelId\":\"claude-sonnet-4\"}]")));
        cacheAnswers(0.42);
        budgetsAnswer("[]");
        return Map.of("quarkus.rest-client.pricing.url", server.baseUrl(),
                "quarkus.rest-client.cache.url", server.baseUrl(),
                "quarkus.rest-client.budget.url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Publishes one more rate version through the stubbed change feed. */
    public static synchronized void addRate(String modelId, String input, String output, String effectiveFrom,
                                            long version) {
        RATES.add(rate(modelId, "test", input, output, null, null, null, effectiveFrom, version));
        publish();
    }

    /** cache-service's roi-stats (the same WireMock stands in for it); null makes it fail. */
    public static void cacheAnswers(Double hitRate) {
        server.stubFor(get(urlPathEqualTo("/api/v1/finops/roi-stats")).willReturn(hitRate == null
                ? aResponse().withStatus(503)
                : aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"hitRate\":" + hitRate + ",\"hits\":42,\"misses\":58}")));
    }

    /** budget-service's budget list (the same WireMock stands in for it); null makes it fail. */
    public static void budgetsAnswer(String json) {
        server.stubFor(get(urlPathEqualTo("/api/v1/budgets")).willReturn(json == null
                ? aResponse().withStatus(503)
                : aResponse().withHeader("Content-Type", "application/json").withBody(json)));
    }

    public static WireMockServer server() {
        return server;
    }

    private static synchronized void publish() {
        server.stubFor(get(urlPathEqualTo("/api/v1/finops/valuation-rates")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("[" + String.join(",", RATES) + "]")));
    }

    private static String rate(String model, String provider, String in, String out, String cached, String write,
                               String reasoning, String effectiveFrom, long version) {
        return String.format("{\"modelId\":\"%s\",\"provider\":\"%s\",\"inputRatePerKTokens\":%s,"
                        + "\"outputRatePerKTokens\":%s,\"cachedInputRatePerKTokens\":%s,\"cacheWriteRatePerKTokens\":%s,"
                        + "\"reasoningRatePerKTokens\":%s,\"currency\":\"USD\",\"effectiveFrom\":\"%s\",\"version\":%d}",
                model, provider, in, out, cached, write, reasoning, effectiveFrom, version);
    }
}

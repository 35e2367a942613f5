package dev.finops.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * pricing-service stubbed at its HTTP boundary: the rate change feed and the alias table. It serves the shared
 * contract examples in docs/contracts/ (pricing-service's RateFeedContractTest checks its real answers against
 * the same files). Tests add rate versions with {@link #addRate} and then ask ingest to refresh.
 */
public class PricingStub implements QuarkusTestResourceLifecycleManager {

    /** The services whose audit trails ingest merges (AuditTrailTest stubs them at /{service}/api/v1/audit). */
    static final List<String> AUDITED_SERVICES = List.of("anomaly", "budget", "cache", "gateway", "pricing");

    private static WireMockServer server;
    private static final List<String> RATES = new ArrayList<>();

    static final Path CONTRACTS = Path.of("..", "docs", "contracts");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The rates of the golden fixtures (USD per 1K tokens): the contract example, versions 1 to 4. */
    static {
        for (JsonNode rate : contract("pricing-valuation-rates.json")) {
            RATES.add(rate.toString());
        }
    }

    /** One of the shared contract examples in docs/contracts/. */
    static JsonNode contract(String name) {
        try {
            return JSON.readTree(Files.readString(CONTRACTS.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException("contract example " + name + " is unreadable", e);
        }
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        publish();
        server.stubFor(get(urlPathEqualTo("/api/v1/finops/model-aliases")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(contract("pricing-model-aliases.json").toString())));
        cacheAnswers(0.42);
        budgetsAnswer("[]");
        Map<String, String> config = new HashMap<>(Map.of("quarkus.rest-client.pricing.url", server.baseUrl(),
                "quarkus.rest-client.cache.url", server.baseUrl(),
                "quarkus.rest-client.budget.url", server.baseUrl()));
        // the other services' audit trails, each under a path of its own so a test can tell them apart
        for (String service : AUDITED_SERVICES) {
            config.put("finops.audit.trails." + service, server.baseUrl() + "/" + service);
        }
        return config;
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

    /** Publishes a rate version of a model of the given provider. */
    public static synchronized void addRate(String modelId, String provider, String input, String output,
                                            String effectiveFrom, long version) {
        RATES.add(rate(modelId, provider, input, output, null, null, null, effectiveFrom, version));
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
                        + "\"reasoningRatePerKTokens\":%s,\"currency\":\"USD\",\"effectiveFrom\":\"%s\",\"version\":%d,"
                        + "\"source\":\"api\"}",
                model, provider, in, out, cached, write, reasoning, effectiveFrom, version);
    }
}

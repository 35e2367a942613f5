package dev.finops.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * pricing-service stubbed at its quote endpoint: every model costs {@link #QUOTE_USD} per call, except
 * {@link #DOWN_MODEL}, for which pricing answers 503 (pricing unavailable), and {@link #EMBEDDING_MODEL} with
 * {@link EmbeddingsStub#TOKENS} input tokens (one remote embedding), which costs {@link #EMBEDDING_QUOTE_USD}.
 */
public class PricingStub implements QuarkusTestResourceLifecycleManager {

    public static final String QUOTE_USD = "0.000123456789";
    public static final String DOWN_MODEL = "model-pricing-cannot-value";
    public static final String EMBEDDING_MODEL = "text-embedding-3-small";
    public static final String EMBEDDING_QUOTE_USD = "0.00000014";
    private static final String QUOTE = "/api/v1/finops/quote";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        server.stubFor(post(urlEqualTo(QUOTE)).atPriority(10)
                .withHeader("Authorization", equalTo("Bearer test-service-key"))
                .willReturn(okJson("{\"model\":\"m\",\"currency\":\"USD\",\"totalUsd\":" + QUOTE_USD + "}")));
        server.stubFor(post(urlEqualTo(QUOTE)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.model", equalTo(DOWN_MODEL)))
                .willReturn(aResponse().withStatus(503)));
        server.stubFor(post(urlEqualTo(QUOTE)).atPriority(2)
                .withRequestBody(matchingJsonPath("$.model", equalTo(EMBEDDING_MODEL)))
                .withRequestBody(matchingJsonPath("$.inputTokens", equalTo(String.valueOf(EmbeddingsStub.TOKENS))))
                .withRequestBody(matchingJsonPath("$.outputTokens", equalTo("0")))
                .willReturn(okJson("{\"totalUsd\":" + EMBEDDING_QUOTE_USD + "}")));
        return Map.of("quarkus.rest-client.pricing.url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}

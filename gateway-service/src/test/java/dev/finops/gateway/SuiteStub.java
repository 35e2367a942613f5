package dev.finops.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.testing.IngestStub;
import java.util.Map;

/**
 * The four services the gateway calls, stubbed at their HTTP boundary on one WireMock server (their paths differ):
 * ingest (keys, usage), pricing (routing, rates), budget (checks) and cache (lookups, stores). By default routing has
 * no policy, every check is allowed, the cache misses and ingest takes every usage batch; tests stub more.
 */
public class SuiteStub extends IngestStub {

    public static final String RATES = """
            [{"modelId":"gpt-test","provider":"openai","inputRatePerKTokens":0.0025,"outputRatePerKTokens":0.01,
              "cachedInputRatePerKTokens":0.00125,"cacheWriteRatePerKTokens":null,"reasoningRatePerKTokens":null,
              "effectiveFrom":"2026-01-01T00:00:00Z","version":7},
             {"modelId":"gpt-cheap","provider":"openai","inputRatePerKTokens":0.00015,"outputRatePerKTokens":0.0006,
              "effectiveFrom":"2026-01-01T00:00:00Z","version":8},
             {"modelId":"claude-test","provider":"anthropic","inputRatePerKTokens":0.003,"outputRatePerKTokens":0.015,
              "cachedInputRatePerKTokens":0.0003,"cacheWriteRatePerKTokens":0.00375,
              "effectiveFrom":"2026-01-01T00:00:00Z","version":9}]""";

    @Override
    protected void stubMore(WireMockServer suite) {
        suite.stubFor(post(urlEqualTo("/api/v1/usage")).willReturn(okJson("{\"accepted\":0,\"events\":[]}")));
        suite.stubFor(post(urlEqualTo("/api/v1/routing/decide")).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":422}")));
        suite.stubFor(get(urlPathEqualTo("/api/v1/finops/valuation-rates")).willReturn(okJson(RATES)));
        suite.stubFor(post(urlEqualTo("/api/v1/budgets/check")).willReturn(okJson("{\"allowed\":true,\"budgets\":[]}")));
        suite.stubFor(post(urlEqualTo("/api/v1/cache/lookup")).willReturn(okJson("{\"hit\":false}")));
        suite.stubFor(post(urlEqualTo("/api/v1/cache/entries")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{}")));
    }

    @Override
    protected Map<String, String> moreConfig(String baseUrl) {
        return Map.of("finops.gateway.pricing-url", baseUrl, "finops.gateway.budget-url", baseUrl,
                "finops.gateway.cache-url", baseUrl, "finops.gateway.ingest-url", baseUrl,
                "finops.gateway.allowed-hosts", "127.0.0.1,localhost");
    }
}

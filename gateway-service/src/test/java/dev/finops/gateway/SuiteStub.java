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
 * ingest (keys; usage taken as ingest takes it, finops-testing's UsageIntake), pricing (routing, rates), budget
 * (checks) and cache (lookups, stores). By default routing has no policy, every check is allowed and the cache
 * misses; tests stub more.
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
        // the outbox retries quickly, so outage tests take a second, not half a minute
        return Map.ofEntries(Map.entry("finops.gateway.pricing-url", baseUrl),
                Map.entry("finops.gateway.budget-url", baseUrl), Map.entry("finops.gateway.cache-url", baseUrl),
                Map.entry("finops.gateway.ingest-url", baseUrl),
                Map.entry("finops.gateway.allowed-hosts", "127.0.0.1,localhost,api.openai.com,api.anthropic.com"),
                Map.entry("finops.gateway.outbox.batch-size", "100"),
                Map.entry("finops.gateway.outbox.backoff-base", "50ms"),
                Map.entry("finops.gateway.outbox.backoff-cap", "400ms"),
                Map.entry("finops.gateway.outbox.send-timeout", "3s"),
                Map.entry("finops.gateway.outbox.claim-lease", "20s"));
    }
}

package dev.finops.pricing;

import java.util.Map;

/**
 * ingest-service stubbed for key introspection (finops-testing's stub), and the same WireMock server serving a
 * LiteLLM price map at {@link #PATH}, which pricing refreshes from ({@code finops.pricing.refresh.url}).
 */
public class PriceMapServer extends dev.finops.testing.IngestStub {

    static final String PATH = "/litellm/model_prices_and_context_window.json";

    @Override
    protected Map<String, String> moreConfig(String baseUrl) {
        return Map.of("finops.pricing.refresh.url", baseUrl + PATH);
    }
}

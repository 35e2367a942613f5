package dev.finops.gateway.provider.api;

import dev.finops.gateway.provider.app.ProviderSpec;
import java.util.List;
import java.util.Map;

/** The body of PUT /api/v1/gateway/providers/{name}; apiKey is write-only (kept when left out of an update). */
public record ProviderRequest(String type, String baseUrl, String apiKey, List<String> models,
                              Map<String, List<String>> fallbacks, Integer timeoutMs) {

    ProviderSpec spec() {
        return new ProviderSpec(type, baseUrl, apiKey, models, fallbacks, timeoutMs);
    }
}

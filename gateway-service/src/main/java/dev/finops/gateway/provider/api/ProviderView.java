package dev.finops.gateway.provider.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.finops.gateway.provider.app.Provider;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A provider as the API shows it: never its key, only whether one is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderView(String name, String type, String baseUrl, boolean apiKeySet, List<String> models,
                           Map<String, List<String>> fallbacks, Integer timeoutMs, String managedBy, Instant updatedAt) {

    static ProviderView of(Provider p) {
        return new ProviderView(p.name(), p.type(), p.baseUrl(), p.sealedApiKey() != null, p.models(), p.fallbacks(),
                p.timeoutMs(), p.managedBy(), p.updatedAt());
    }
}

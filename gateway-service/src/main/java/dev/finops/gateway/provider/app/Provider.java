package dev.finops.gateway.provider.app;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An LLM provider the gateway forwards to. {@code sealedApiKey} is the encrypted key (never shown); {@code models}
 * are the model names it serves ({@code *} = any); {@code fallbacks}: model → the models tried, in order, when it
 * answers 429, 5xx or times out. {@code managedBy}: the LLMProvider resource that owns it, or null (REST).
 */
public record Provider(String name, String type, String baseUrl, String sealedApiKey, List<String> models,
                       Map<String, List<String>> fallbacks, Integer timeoutMs, String managedBy, Instant updatedAt) {

    public Provider {
        models = List.copyOf(models);
        fallbacks = fallbacks == null ? Map.of() : Map.copyOf(fallbacks);
    }

    public boolean serves(String model) {
        return models.contains(model);
    }

    public boolean servesAny() {
        return models.contains("*");
    }
}

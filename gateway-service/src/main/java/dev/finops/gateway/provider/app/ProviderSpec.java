package dev.finops.gateway.provider.app;

import java.util.List;
import java.util.Map;

/** What an administrator (REST) or an LLMProvider resource says a provider is; apiKey in plain text, write-only. */
public record ProviderSpec(String type, String baseUrl, String apiKey, List<String> models,
                           Map<String, List<String>> fallbacks, Integer timeoutMs) {
}

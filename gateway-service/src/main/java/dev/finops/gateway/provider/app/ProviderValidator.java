package dev.finops.gateway.provider.app;

import dev.finops.gateway.config.GatewayConfig;
import dev.finops.gateway.error.GatewayException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The checks of a provider spec, the same for REST and resources; each failure names its field. */
@ApplicationScoped
public class ProviderValidator {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_TIMEOUT_MS = 3_600_000;

    private final List<String> allowedHosts;

    public ProviderValidator(GatewayConfig config) {
        this.allowedHosts = config.allowedHosts().orElse(List.of()).stream().map(String::trim)
                .filter(h -> !h.isEmpty()).map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    public void check(String name, ProviderSpec spec) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw GatewayException.invalid("name", "must be lower-case letters, digits and '-' (at most 63), e.g. openai");
        }
        if (spec == null) {
            throw GatewayException.invalid("body", "send {type, baseUrl, apiKey, models, fallbacks, timeoutMs}");
        }
        if (!"openai".equals(spec.type()) && !"anthropic".equals(spec.type())) {
            throw GatewayException.invalid("type", "must be openai or anthropic");
        }
        checkBaseUrl(spec.baseUrl());
        if (spec.models() == null || spec.models().isEmpty() || spec.models().stream().anyMatch(m -> m == null || m.isBlank())) {
            throw GatewayException.invalid("models", "list the model names this provider serves, or [\"*\"] for any");
        }
        if (spec.timeoutMs() != null && (spec.timeoutMs() < 1 || spec.timeoutMs() > MAX_TIMEOUT_MS)) {
            throw GatewayException.invalid("timeoutMs", "must be between 1 and " + MAX_TIMEOUT_MS);
        }
        checkFallbacks(spec.fallbacks());
    }

    private void checkBaseUrl(String baseUrl) {
        URI uri;
        try {
            uri = baseUrl == null ? null : new URI(baseUrl);
        } catch (Exception e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw GatewayException.invalid("baseUrl", "must be an http(s) URL as the provider's SDK takes it, e.g."
                    + " https://api.openai.com/v1 or https://api.anthropic.com");
        }
        if (uri.getQuery() != null || uri.getUserInfo() != null) {
            throw GatewayException.invalid("baseUrl", "must not carry a query or credentials; the key goes in apiKey");
        }
        if (!allowed(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw GatewayException.invalid("baseUrl", "host '" + uri.getHost() + "' is not in"
                    + " finops.gateway.allowed-hosts (FINOPS_GATEWAY_ALLOWED_HOSTS): " + allowedHosts);
        }
    }

    /** An entry is a host name, or *.suffix for any sub-domain of it. */
    private boolean allowed(String host) {
        return allowedHosts.stream().anyMatch(a -> a.equals(host)
                || (a.startsWith("*.") && host.endsWith(a.substring(1))));
    }

    private static void checkFallbacks(Map<String, List<String>> fallbacks) {
        if (fallbacks == null) {
            return;
        }
        fallbacks.forEach((model, list) -> {
            if (list == null || list.isEmpty() || list.stream().anyMatch(m -> m == null || m.isBlank())) {
                throw GatewayException.invalid("fallbacks." + model, "must list the models to try, in order");
            }
            if (list.contains(model)) {
                throw GatewayException.invalid("fallbacks." + model, "must not name the model itself");
            }
        });
    }
}

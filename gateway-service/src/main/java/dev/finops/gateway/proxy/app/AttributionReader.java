package dev.finops.gateway.proxy.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.gateway.attribution.Attribution;
import dev.finops.gateway.config.GatewayConfig;
import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.wire.WireRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who a call is charged to: the team from the caller's key, the other tags from the X-FinOps-* headers, then what
 * the headers leave unset from the body (OpenAI's {@code user} is the customer; {@code metadata} names tags).
 */
@ApplicationScoped
public class AttributionReader {

    /** Tag name (as in finops.gateway.required-tags) → its header. */
    static final Map<String, String> HEADERS = Map.of("agent", "x-finops-agent", "feature", "x-finops-feature",
            "environment", "x-finops-environment", "customer", "x-finops-customer", "session", "x-finops-session",
            "run", "x-finops-run");
    private static final int MAX_TAG_LENGTH = 200;
    private static final int MAX_TAGS = 32;

    private final List<String> required;

    @Inject
    public AttributionReader(GatewayConfig config) {
        this(config.requiredTags().orElse(List.of()));
    }

    AttributionReader(List<String> requiredTags) {
        this.required = requiredTags.stream().map(String::trim)
                .map(s -> s.toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
        required.stream().filter(r -> !HEADERS.containsKey(r)).findFirst().ifPresent(r -> {
            throw new IllegalStateException("finops.gateway.required-tags: unknown tag '" + r + "'; one of "
                    + HEADERS.keySet());
        });
    }

    public Attribution read(Caller caller, CallHeaders headers, WireRequest request) {
        JsonNode metadata = request.metadata();
        Map<String, String> tags = new LinkedHashMap<>();
        if (metadata != null && metadata.isObject()) {
            metadata.fields().forEachRemaining(f -> {
                if (f.getValue().isTextual() && !HEADERS.containsKey(f.getKey())) {
                    tags.put(f.getKey(), f.getValue().asText());
                }
            });
        }
        tags.putAll(headerTags(headers.get("x-finops-tags")));
        Map<String, String> values = new LinkedHashMap<>();
        HEADERS.forEach((tag, header) -> values.put(tag, first(headers.get(header), fromMetadata(metadata, tag))));
        if (values.get("customer") == null && request.user() != null) {
            values.put("customer", request.user());
        }
        for (String tag : required) {
            if (values.get(tag) == null) {
                throw GatewayException.invalid(headerName(tag), "this installation requires the " + headerName(tag)
                        + " header on every call");
            }
        }
        values.forEach((tag, value) -> checkLength(headerName(tag), value));
        if (tags.size() > MAX_TAGS) {
            throw GatewayException.invalid("X-FinOps-Tags", "at most " + MAX_TAGS + " tags");
        }
        return new Attribution(caller.teamId(), values.get("agent"), values.get("feature"), values.get("environment"),
                values.get("customer"), values.get("session"), values.get("run"), tags);
    }

    /** "k=v,k2=v2"; a pair without '=' is a 400 naming the header. */
    private static Map<String, String> headerTags(String header) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return tags;
        }
        for (String pair : header.split(",")) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw GatewayException.invalid("X-FinOps-Tags", "must be key=value pairs separated by commas, got '"
                        + pair.trim() + "'");
            }
            String key = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            checkLength("X-FinOps-Tags", key);
            checkLength("X-FinOps-Tags", value);
            tags.put(key, value);
        }
        return tags;
    }

    private static String fromMetadata(JsonNode metadata, String tag) {
        if (metadata == null || !metadata.isObject()) {
            return null;
        }
        JsonNode value = metadata.get(tag);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String first(String header, String fallback) {
        return header != null && !header.isBlank() ? header.trim() : fallback;
    }

    private static void checkLength(String field, String value) {
        if (value != null && value.length() > MAX_TAG_LENGTH) {
            throw GatewayException.invalid(field, "must be at most " + MAX_TAG_LENGTH + " characters");
        }
    }

    static String headerName(String tag) {
        return "X-FinOps-" + Character.toUpperCase(tag.charAt(0)) + tag.substring(1);
    }
}

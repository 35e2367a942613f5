package dev.finops.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns one OTLP span (the OTLP/JSON tree; protobuf requests are converted to it by {@link OtlpProtobuf}) with
 * OpenTelemetry gen_ai usage attributes into a canonical usage event. Per the semantic conventions
 * {@code gen_ai.usage.input_tokens} includes cached tokens and {@code output_tokens} includes reasoning tokens, exactly
 * like the canonical event. Attributes are looked up on the span first, then on its resource.
 */
@ApplicationScoped
public class GenAiSpanMapper {

    static final String INPUT = "gen_ai.usage.input_tokens";
    static final String OUTPUT = "gen_ai.usage.output_tokens";
    static final String CACHE_READ = "gen_ai.usage.cache_read.input_tokens";

    private final OtlpConfig config;

    public GenAiSpanMapper(OtlpConfig config) {
        this.config = config;
    }

    /** The span's attributes over its resource's (the span wins), as key → OTLP AnyValue. */
    public static Map<String, JsonNode> attributes(JsonNode resource, JsonNode span) {
        Map<String, JsonNode> out = new HashMap<>();
        collect(resource == null ? null : resource.get("attributes"), out);
        collect(span.get("attributes"), out);
        return out;
    }

    public static boolean hasUsage(Map<String, JsonNode> attributes) {
        return attributes.containsKey(INPUT) || attributes.containsKey(OUTPUT);
    }

    /**
     * The canonical event of a gen_ai span; fields the span lacks are left for validation to report. {@code scope} is
     * the span's InstrumentationScope (may be null).
     */
    public ObjectNode event(JsonNode scope, JsonNode span, Map<String, JsonNode> a) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        put(e, "eventId", text(span.get("spanId")));
        Instant end = nanos(span.get("endTimeUnixNano"));
        Instant start = nanos(span.get("startTimeUnixNano"));
        put(e, "timestamp", end == null ? null : end.toString());
        put(e, "model", first(a, "gen_ai.response.model", "gen_ai.request.model"));
        put(e, "provider", first(a, "gen_ai.provider.name", "gen_ai.system"));
        copy(e, "inputTokens", a.get(INPUT));
        copy(e, "outputTokens", a.get(OUTPUT));
        copy(e, "cachedInputTokens", a.get(CACHE_READ));
        copy(e, "cacheWriteInputTokens", a.get("gen_ai.usage.cache_creation.input_tokens"));
        copy(e, "reasoningTokens", a.get("gen_ai.usage.reasoning.output_tokens"));
        if (start != null && end != null && !end.isBefore(start)) {
            e.put("latencyMs", (int) Math.min(Integer.MAX_VALUE, java.time.Duration.between(start, end).toMillis()));
        }
        JsonNode status = span.path("status").path("code");
        e.put("status", status.asInt() == 2 || "STATUS_CODE_ERROR".equals(status.asText()) ? "error" : "ok");
        put(e, "agentId", first(a, config.agentAttributes().toArray(String[]::new)));
        put(e, "sessionId", first(a, "gen_ai.conversation.id"));
        put(e, "runId", text(span.get("traceId")));
        put(e, "teamId", first(a, config.teamAttribute()));
        put(e, "feature", first(a, config.featureAttribute()));
        put(e, "customerId", first(a, config.customerAttribute()));
        put(e, "environment", first(a, config.environmentAttributes().toArray(String[]::new)));
        String operation = first(a, "gen_ai.operation.name");
        if (operation != null) {
            e.putObject("tags").put("gen_ai.operation.name", operation);
        }
        if (!a.containsKey(CACHE_READ) && withoutCachedTokens(scope)) {
            e.put("cachedTokensUnknown", true);
        }
        return e;
    }

    /** Whether the span comes from an instrumentation known never to report cached input tokens. */
    public boolean withoutCachedTokens(JsonNode scope) {
        String name = scope == null ? null : text(scope.get("name"));
        return name != null && config.scopesWithoutCachedTokens().contains(name);
    }

    private static void collect(JsonNode attributes, Map<String, JsonNode> out) {
        if (attributes != null && attributes.isArray()) {
            attributes.forEach(kv -> out.put(kv.path("key").asText(), kv.path("value")));
        }
    }

    /** An AnyValue as a plain string: string, int (OTLP JSON writes int64 as a string), double or bool. */
    private static String first(Map<String, JsonNode> a, String... keys) {
        for (String key : keys) {
            JsonNode v = a.get(key);
            if (v != null) {
                for (String kind : new String[] {"stringValue", "intValue", "doubleValue", "boolValue"}) {
                    if (v.has(kind)) {
                        return v.get(kind).asText();
                    }
                }
            }
        }
        return null;
    }

    /** A token count keeps its JSON type so that validation can refuse fractions and text. */
    private static void copy(ObjectNode e, String field, JsonNode anyValue) {
        if (anyValue == null) {
            return;
        }
        JsonNode v = anyValue.has("intValue") ? anyValue.get("intValue") : anyValue.has("doubleValue")
                ? anyValue.get("doubleValue") : anyValue.get("stringValue");
        if (v != null && v.isTextual() && anyValue.has("intValue")) {
            try {
                e.put(field, new BigInteger(v.textValue()));
                return;
            } catch (NumberFormatException ex) {
                // left as text: validation names the field
            }
        }
        e.set(field, v);
    }

    private static Instant nanos(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            BigInteger n = new BigInteger(value.asText());
            BigInteger[] parts = n.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
            return Instant.ofEpochSecond(parts[0].longValueExact(), parts[1].longValue());
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private static void put(ObjectNode e, String field, String value) {
        if (value != null) {
            e.put(field, value);
        }
    }
}

package dev.finops.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an object against its kind's openAPIV3Schema the way the API server would: types, required fields,
 * enums, bounds, lengths, patterns, unknown fields, and the CEL {@code x-kubernetes-validations} rules.
 * The schemas are the committed CRDs (shipped under {@code crds/}), so a check here is a check of k8s/crds.
 */
public final class ResourceSchemas {

    /** Top-level fields every object has that the CRD schema does not describe. */
    private static final Set<String> IMPLICIT = Set.of("apiVersion", "kind", "metadata");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ResourceSchemas() {
    }

    /** The CRD of a kind as committed. */
    public static JsonNode crd(Class<? extends HasMetadata> kind) {
        String file = "crds/" + FinopsKinds.crdFile(kind);
        try (InputStream in = ResourceSchemas.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is not on the classpath");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The openAPIV3Schema of a kind's only version. */
    public static JsonNode schema(Class<? extends HasMetadata> kind) {
        return crd(kind).path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
    }

    /** Every violation ("spec.rules[0].name: ...") of an object of this kind; empty when it is valid. */
    public static List<String> violations(Class<? extends HasMetadata> kind, JsonNode object) {
        List<String> errors = new ArrayList<>();
        check(schema(kind), object, "", errors, true);
        return errors;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> errors, boolean root) {
        String at = path.isEmpty() ? "<root>" : path;
        if (!typeMatches(schema.path("type").asText(), value)) {
            errors.add(at + ": must be of type " + schema.path("type").asText());
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            errors.add(at + ": must be one of " + schema.get("enum"));
        }
        if (value.isTextual()) {
            text(schema, value.asText(), at, errors);
        } else if (value.isNumber()) {
            number(schema, value.decimalValue(), at, errors);
        } else if (value.isArray()) {
            bounds(schema, value.size(), "minItems", "maxItems", "items", at, errors);
            for (int i = 0; i < value.size(); i++) {
                check(schema.path("items"), value.get(i), path + "[" + i + "]", errors, false);
            }
        } else if (value.isObject()) {
            object(schema, value, path, errors, root);
        }
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            if (!CelRules.holds(rule.path("rule").asText(), value)) {
                errors.add(at + ": " + rule.path("message").asText(rule.path("rule").asText()));
            }
        }
    }

    private static void object(JsonNode schema, JsonNode value, String path, List<String> errors, boolean root) {
        String prefix = path.isEmpty() ? "" : path + ".";
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                errors.add(prefix + required.asText() + ": is required");
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode property = schema.path("properties").path(f.getKey());
            if (!property.isMissingNode()) {
                check(property, f.getValue(), prefix + f.getKey(), errors, false);
            } else if (schema.has("additionalProperties")) {
                check(schema.get("additionalProperties"), f.getValue(), prefix + f.getKey(), errors, false);
            } else if (!(root && IMPLICIT.contains(f.getKey()))) {
                errors.add(prefix + f.getKey() + ": unknown field");
            }
        }
    }

    private static void text(JsonNode schema, String s, String at, List<String> errors) {
        bounds(schema, s.codePointCount(0, s.length()), "minLength", "maxLength", "characters", at, errors);
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
            errors.add(at + ": must match " + schema.get("pattern").asText());
        }
        if ("date-time".equals(schema.path("format").asText())) {
            try {
                java.time.OffsetDateTime.parse(s);
            } catch (java.time.format.DateTimeParseException e) {
                errors.add(at + ": must be an RFC 3339 date-time");
            }
        }
    }

    private static void number(JsonNode schema, java.math.BigDecimal n, String at, List<String> errors) {
        if (schema.has("minimum")) {
            int c = n.compareTo(schema.get("minimum").decimalValue());
            boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
            if (c < 0 || (exclusive && c == 0)) {
                errors.add(at + ": must be " + (exclusive ? "greater than " : "at least ") + schema.get("minimum"));
            }
        }
        if (schema.has("maximum") && n.compareTo(schema.get("maximum").decimalValue()) > 0) {
            errors.add(at + ": must be at most " + schema.get("maximum"));
        }
    }

    private static void bounds(JsonNode schema, int size, String min, String max, String unit, String at,
                               List<String> errors) {
        if (schema.has(min) && size < schema.get(min).asInt()) {
            errors.add(at + ": at least " + schema.get(min).asInt() + " " + unit);
        }
        if (schema.has(max) && size > schema.get(max).asInt()) {
            errors.add(at + ": at most " + schema.get(max).asInt() + " " + unit);
        }
    }

    private static boolean typeMatches(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }
}

package dev.finops.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A Drako policy file: the {@code policies.finops} section of a {@code .drako.yaml} (or a file holding only that
 * section, with or without the {@code finops:} key). Fields keep Drako's snake_case names.
 */
public final class PolicyFile {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final List<String> SECTIONS = List.of("tracking", "routing", "cache", "budgets");

    private PolicyFile() {
    }

    public static JsonNode read(Path file) throws IOException {
        return finops(YAML.readTree(file.toFile()));
    }

    /** The finops section of a document, or a missing node when it has none. */
    public static JsonNode finops(JsonNode document) {
        if (document == null || !document.isObject()) {
            return MissingNode.getInstance();
        }
        if (document.at("/policies/finops").isObject()) {
            return document.at("/policies/finops");
        }
        if (document.path("finops").isObject()) {
            return document.path("finops");
        }
        return SECTIONS.stream().anyMatch(document::has) ? document : MissingNode.getInstance();
    }

    /** Whether a policy section is on: present, an object, and not {@code enabled: false}. */
    static boolean enabled(JsonNode section, boolean byDefault) {
        return section.isObject() && section.path("enabled").asBoolean(byDefault);
    }
}

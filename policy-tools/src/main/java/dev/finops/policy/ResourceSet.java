package dev.finops.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.finops.resources.FinopsKinds;
import dev.finops.resources.ResourceSchemas;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * finops.dev resources read from YAML files (one file or every *.yaml / *.yml below a directory), each parsed
 * strictly into the Java model and checked against its CRD; other kinds in the files are ignored.
 */
public final class ResourceSet {

    /** A resource as found, or the reason it is not one (schema violations, unknown fields). */
    public record Loaded(String where, HasMetadata resource, List<String> problems) {
    }

    static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** How converted resources are written: plain decimals, no nulls or empty lists, no quotes where YAML needs none. */
    static final ObjectMapper WRITER = new ObjectMapper(new YAMLFactory()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    private ResourceSet() {
    }

    public static List<Loaded> load(Path path) throws IOException {
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            }
        } else {
            files = List.of(path);
        }
        List<Loaded> out = new ArrayList<>();
        for (Path f : files) {
            List<JsonNode> docs = STRICT.readValues(STRICT.createParser(f.toFile()), JsonNode.class).readAll();
            for (int i = 0; i < docs.size(); i++) {
                JsonNode doc = docs.get(i);
                if (FinopsKinds.API_VERSION.equals(doc.path("apiVersion").asText())) {
                    out.add(parse(doc, f + (docs.size() > 1 ? "#" + (i + 1) : "")));
                }
            }
        }
        return out;
    }

    /** The resource of a document, with every schema violation; unknown kinds and fields are problems too. */
    public static Loaded parse(JsonNode doc, String where) {
        String kind = doc.path("kind").asText();
        var type = FinopsKinds.ALL.stream().filter(k -> HasMetadata.getKind(k).equals(kind)).findFirst();
        if (type.isEmpty()) {
            return new Loaded(where, null, List.of("kind: unknown finops.dev kind '" + kind + "'"));
        }
        List<String> problems = new ArrayList<>(ResourceSchemas.violations(type.get(), doc));
        HasMetadata resource = null;
        try {
            resource = STRICT.treeToValue(doc, type.get());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problems.add("does not fit the " + kind + " model: " + e.getOriginalMessage());
        }
        return new Loaded(where + " (" + kind + " " + name(doc) + ")", resource, problems);
    }

    /** Resources as one multi-document YAML stream. */
    public static String yaml(List<HasMetadata> resources) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata r : resources) {
            try {
                out.append("---\n").append(WRITER.writeValueAsString(r));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    private static String name(JsonNode doc) {
        return doc.at("/metadata/name").asText("<no name>");
    }
}

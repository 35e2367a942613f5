package dev.finops.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed CRDs and the Java model describe the same fields, and every example is valid under both. */
class ResourceModelTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static Stream<Class<? extends HasMetadata>> kinds() {
        return FinopsKinds.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void crdNamesMatchTheJavaKind(Class<? extends HasMetadata> kind) {
        JsonNode crd = ResourceSchemas.crd(kind);
        assertEquals(HasMetadata.getPlural(kind) + "." + FinopsKinds.GROUP, crd.at("/metadata/name").asText());
        assertEquals(FinopsKinds.GROUP, crd.at("/spec/group").asText());
        assertEquals("Namespaced", crd.at("/spec/scope").asText());
        assertEquals(HasMetadata.getKind(kind), crd.at("/spec/names/kind").asText());
        assertEquals(FinopsKinds.VERSION, crd.at("/spec/versions/0/name").asText());
        assertTrue(crd.at("/spec/versions/0/subresources").has("status"), "status subresource");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void schemaAndJavaModelHaveTheSameFieldsAndTypes(Class<? extends HasMetadata> kind) {
        JsonNode schema = ResourceSchemas.schema(kind).path("properties");
        JavaType type = YAML.constructType(kind);
        List<String> drift = new ArrayList<>();
        for (String part : List.of("spec", "status")) {
            compare(schema.path(part), property(type, part), part, drift);
        }
        assertEquals(List.of(), drift, "k8s/crds/" + FinopsKinds.crdFile(kind) + " and " + kind.getName() + " differ");
    }

    @Test
    void crdKustomizationListsEveryKind() throws IOException {
        JsonNode kustomization = YAML.readTree(ROOT.resolve("k8s/crds/kustomization.yaml").toFile());
        TreeSet<String> listed = new TreeSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        TreeSet<String> expected = new TreeSet<>(FinopsKinds.ALL.stream().map(FinopsKinds::crdFile).toList());
        assertEquals(expected, listed);
    }

    static Stream<JsonNode> examples() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("k8s/examples"))) {
            for (Path f : files.filter(p -> !p.endsWith("kustomization.yaml")).sorted().toList()) {
                YAML.readValues(YAML.createParser(f.toFile()), JsonNode.class).readAll().stream()
                        .filter(d -> d.path("apiVersion").asText().equals(FinopsKinds.API_VERSION)).forEach(docs::add);
            }
        }
        return docs.stream();
    }

    @Test
    void thereIsAnExampleOfEveryKind() throws IOException {
        assertEquals(new TreeSet<>(FinopsKinds.ALL.stream().map(HasMetadata::getKind).toList()),
                new TreeSet<>(examples().map(d -> d.path("kind").asText()).toList()));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleParsesStrictlyAndIsValid(JsonNode example) throws IOException {
        Class<? extends HasMetadata> kind = kindOf(example.path("kind").asText());
        assertEquals(List.of(), ResourceSchemas.violations(kind, example));
        HasMetadata parsed = YAML.treeToValue(example, kind);
        // Nothing the example says is lost on the way through the model.
        JsonNode back = YAML.valueToTree(parsed).path("spec");
        assertTrue(example.path("spec").equals(NUMERIC, back), () -> example.path("spec") + " became " + back);
    }

    /** Numbers compare by value: 500 and 5E+2 are the same amount. */
    static final java.util.Comparator<JsonNode> NUMERIC = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    static Class<? extends HasMetadata> kindOf(String kind) {
        return FinopsKinds.ALL.stream().filter(k -> HasMetadata.getKind(k).equals(kind)).findFirst().orElseThrow();
    }

    private static JavaType property(JavaType owner, String name) {
        return properties(owner).get(name);
    }

    private static Map<String, JavaType> properties(JavaType owner) {
        BeanDescription bean = YAML.getDeserializationConfig().introspect(owner);
        Map<String, JavaType> out = new java.util.TreeMap<>();
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (p.hasSetter() || p.hasField() || p.hasConstructorParameter()) {
                out.put(p.getName(), p.getPrimaryType());
            }
        }
        return out;
    }

    private static void compare(JsonNode schema, JavaType java, String path, List<String> drift) {
        if (java == null) {
            drift.add(path + ": in the CRD, not in the Java model");
            return;
        }
        String expected = jsonType(java);
        String actual = schema.path("type").asText();
        if (!expected.equals(actual)) {
            drift.add(path + ": CRD says " + actual + ", Java " + java.toCanonical());
            return;
        }
        if (java.isCollectionLikeType()) {
            compare(schema.path("items"), java.getContentType(), path + "[]", drift);
        } else if (java.isMapLikeType()) {
            compare(schema.path("additionalProperties"), java.getContentType(), path + ".*", drift);
        } else if ("object".equals(expected)) {
            Map<String, JavaType> fields = properties(java);
            TreeSet<String> names = new TreeSet<>(fields.keySet());
            schema.path("properties").fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode property = schema.path("properties").path(name);
                if (property.isMissingNode()) {
                    drift.add(path + "." + name + ": in the Java model, not in the CRD");
                } else {
                    compare(property, fields.get(name), path + "." + name, drift);
                }
            }
        }
    }

    private static String jsonType(JavaType t) {
        Class<?> c = t.getRawClass();
        if (c == String.class) {
            return "string";
        }
        if (c == BigDecimal.class || c == Double.class) {
            return "number";
        }
        if (c == Long.class || c == Integer.class) {
            return "integer";
        }
        if (c == Boolean.class) {
            return "boolean";
        }
        return t.isCollectionLikeType() ? "array" : "object";
    }
}

package dev.finops.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input at every JSON endpoint of every service, generated from each operation's OpenAPI schema:
 * nothing may answer 5xx, and every rejection is RFC 9457 problem+json.
 */
@Order(4)
@ExtendWith(Suite.class)
class FuzzIT {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int TEN_MB = 10 * 1024 * 1024;

    @Test
    void noJsonEndpointAnswers5xxAndEveryRejectionIsProblemJson() {
        Map<String, String> keyOf = Map.of("admin", SuiteApi.admin(), "reader", SuiteApi.admin(),
                "ingest", SuiteApi.key("ingest", SuiteApi.unique("fuzz")), "service", Suite.get().serviceKeys().get(0));
        List<String> wrong = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        int sent = 0;
        for (OpenApi.Operation op : OpenApi.all()) {
            if (!op.takesJson()) {
                continue;
            }
            // the admin wherever it may call: a team-bound key is refused (403) for any body naming another team,
            // and a fuzzed body names one in every teamId field (decision 0019)
            String key = op.roles().stream().anyMatch(r -> r.equals("admin") || r.equals("team-admin")
                    || r.equals("reader")) ? SuiteApi.admin() : op.roles().stream().map(keyOf::get)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(SuiteApi.admin());
            for (Map.Entry<String, Object> body : bodies(op).entrySet()) {
                sent++;
                Http.Response r;
                try {
                    r = Http.send(op.method(), op.url(), key, body.getValue(), "application/json",
                            Duration.ofSeconds(60));
                } catch (RuntimeException e) {
                    wrong.add(op + " [" + body.getKey() + "] -> no answer: " + e.getMessage());
                    continue;
                }
                statuses.merge(r.status(), 1, Integer::sum);
                if (r.status() >= 500 || r.status() >= 400 && !r.isProblem()) {
                    wrong.add(op + " [" + body.getKey() + "] -> " + r);
                }
            }
        }
        System.out.println("fuzz: " + sent + " requests, answers by status " + statuses + ", " + wrong.size()
                + " wrong");
        assertTrue(sent > 500, "sent " + sent);
        // the bodies reached validation: mostly 400/413/415/422, not refused at the door with 401/403
        int authRefusals = statuses.getOrDefault(401, 0) + statuses.getOrDefault(403, 0);
        assertTrue(authRefusals < sent / 20, "too many auth refusals: " + statuses);
        assertTrue(wrong.isEmpty(), wrong.size() + " wrong answers:\n" + String.join("\n", wrong));
    }

    /** Named bodies for one operation: whole-body attacks, then per-field mutations of a plausible body. */
    private static Map<String, Object> bodies(OpenApi.Operation op) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("malformed", "{\"a\": ");
        b.put("truncated array", "[{\"eventId\": \"x\"},");
        b.put("a string", "\"hello\"");
        b.put("a number", "12345678901234567890123456789");
        b.put("null", "null");
        b.put("empty object", "{}");
        b.put("empty array", "[]");
        b.put("unknown fields only", "{\"unknownField\": 1, \"another\": {\"x\": [1, 2]}}");
        b.put("NaN literal", "{\"amountUsd\": NaN, \"inputTokens\": Infinity}");
        b.put("deeply nested object", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000));
        b.put("deeply nested array", "[".repeat(50_000) + "]".repeat(50_000));
        b.put("invalid UTF-8", invalidUtf8());
        b.put("10 MB string", "{\"name\": \"" + "x".repeat(TEN_MB) + "\"}");
        b.put("10 MB array", "[" + "{},".repeat(TEN_MB / 3) + "{}]");
        JsonNode schema = resolve(op.requestSchema(), op.components());
        boolean array = "array".equals(schema.path("type").asText());
        if (array) {
            schema = resolve(schema.path("items"), op.components());
        }
        ObjectNode base = sample(schema, op.components());
        for (Iterator<String> it = base.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            for (Map.Entry<String, JsonNode> m : mutations().entrySet()) {
                ObjectNode mutated = base.deepCopy();
                mutated.set(field, m.getValue());
                b.put(field + "=" + m.getKey(), array ? "[" + mutated + "]" : mutated.toString());
            }
            ObjectNode missing = base.deepCopy();
            missing.remove(field);
            b.put("missing " + field, array ? "[" + missing + "]" : missing.toString());
        }
        return b;
    }

    private static Map<String, JsonNode> mutations() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        m.put("wrong type object", NODES.objectNode().put("x", 1));
        m.put("wrong type string", NODES.textNode("not-a-number"));
        m.put("wrong type array", NODES.arrayNode().add(1).add("two"));
        m.put("negative", NODES.numberNode(-1));
        m.put("huge integer", NODES.numberNode(new java.math.BigInteger("9".repeat(400))));
        m.put("huge decimal", NODES.numberNode(new java.math.BigDecimal("1e400")));
        m.put("tiny decimal", NODES.numberNode(new java.math.BigDecimal("1e-400")));
        m.put("NaN string", NODES.textNode("NaN"));
        m.put("Infinity string", NODES.textNode("-Infinity"));
        m.put("null", NODES.nullNode());
        m.put("empty string", NODES.textNode(""));
        m.put("256 KB string", NODES.textNode("y".repeat(1 << 18)));
        m.put("control characters", NODES.textNode("a\u0000b\u001bc\ud800"));
        return m;
    }

    private static byte[] invalidUtf8() {
        byte[] head = "{\"name\": \"".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        return all;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode components) {
        JsonNode s = schema;
        for (int i = 0; i < 10 && s.has("$ref"); i++) {
            String ref = s.get("$ref").asText();
            s = components.path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (s.has("allOf") && s.get("allOf").size() == 1) {
            return resolve(s.get("allOf").get(0), components);
        }
        return s;
    }

    /** A plausible object for a schema: each property with a value of its type. */
    private static ObjectNode sample(JsonNode schema, JsonNode components) {
        ObjectNode o = NODES.objectNode();
        schema.path("properties").fields().forEachRemaining(p -> {
            JsonNode t = resolve(p.getValue(), components);
            String type = t.path("type").asText("string");
            switch (type) {
                case "integer" -> o.put(p.getKey(), 10);
                case "number" -> o.put(p.getKey(), new java.math.BigDecimal("1.5"));
                case "boolean" -> o.put(p.getKey(), true);
                case "array" -> o.set(p.getKey(), NODES.arrayNode());
                case "object" -> o.set(p.getKey(), NODES.objectNode());
                default -> o.put(p.getKey(), t.has("enum") ? t.get("enum").get(0).asText() : "e2e-" + p.getKey());
            }
        });
        return o;
    }
}

package dev.finops.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.common.CelValidationException;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Evaluates a CRD's {@code x-kubernetes-validations} rule with {@code self} bound to the value it is declared on. */
final class CelRules {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS).addVar("self", SimpleType.DYN).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    private CelRules() {
    }

    static boolean holds(String rule, JsonNode self) {
        try {
            return Boolean.TRUE.equals(PROGRAMS.computeIfAbsent(rule, CelRules::compile).eval(Map.of("self", value(self))));
        } catch (CelEvaluationException e) {
            throw new IllegalStateException("CEL rule '" + rule + "' failed: " + e.getMessage(), e);
        }
    }

    private static CelRuntime.Program compile(String rule) {
        try {
            return RUNTIME.createProgram(COMPILER.compile(rule).getAst());
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("CEL rule '" + rule + "' does not compile: " + e.getMessage(), e);
        }
    }

    /** JSON as CEL sees it: objects are maps (so has() tests presence), integers int, other numbers double. */
    private static Object value(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(f -> map.put(f.getKey(), value(f.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(v -> list.add(value(v)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }
}

package dev.finops.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.resources.Budget;
import dev.finops.resources.CachePolicy;
import dev.finops.resources.ModelPrice;
import dev.finops.resources.RoutingPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented Drako example converts into valid resources; the FIN checks find exactly what is missing. */
class PolicyToolsTest {

    @TempDir
    Path tmp;

    @Test
    void theDocumentedExampleBecomesResourcesThatFitTheCrds() throws Exception {
        List<HasMetadata> resources = new PolicyConverter("drako", "default").convert(PolicyFile.read(example()));
        assertEquals(List.of("ModelPrice drako-gpt-4o", "ModelPrice drako-gpt-4o-mini", "RoutingPolicy drako-routing",
                        "CachePolicy drako-cache", "Budget drako-org-daily", "Budget drako-org-weekly",
                        "Budget drako-org-monthly"),
                resources.stream().map(r -> r.getKind() + " " + r.getMetadata().getName()).toList());

        ModelPrice mini = (ModelPrice) resources.get(1);
        assertEquals("gpt-4o-mini", mini.getSpec().modelId());
        assertEquals(new BigDecimal("0.00015"), mini.getSpec().inputRatePerKTokens());
        assertEquals(new BigDecimal("0.0006"), mini.getSpec().outputRatePerKTokens());
        RoutingPolicy routing = (RoutingPolicy) resources.get(2);
        assertEquals(new RoutingPolicy.Spec("global", null, "gpt-4o", List.of(new RoutingPolicy.Rule("rule-1",
                "task_complexity == 'low'", "gpt-4o-mini", "Use cheaper model for simple tasks")), null), routing.getSpec());
        assertEquals(new CachePolicy.Spec("default", true, new BigDecimal("0.92"), new BigDecimal("24"), null, null),
                ((CachePolicy) resources.get(3)).getSpec());
        Budget monthly = (Budget) resources.get(6);
        assertEquals("org-monthly", monthly.getSpec().name());
        assertEquals("monthly", monthly.getSpec().period());
        assertEquals(0, new BigDecimal("1000").compareTo(monthly.getSpec().amountUsd()));
        assertEquals(List.of(new BigDecimal("50"), new BigDecimal("80"), new BigDecimal("95")),
                monthly.getSpec().alertAtPercent());

        // What the command prints parses back strictly and fits every CRD, with nothing lost on the way.
        Path converted = tmp.resolve("converted.yaml");
        Files.writeString(converted, run("convert", example().toString()).out);
        List<ResourceSet.Loaded> loaded = ResourceSet.load(converted);
        assertEquals(7, loaded.size());
        loaded.forEach(l -> assertEquals(List.of(), l.problems(), l.where()));
        assertEquals(resources.stream().map(HasMetadata::toString).toList(),
                loaded.stream().map(l -> l.resource().toString()).toList());
    }

    @Test
    void theDocumentedExampleHasNoFindings() throws Exception {
        Result r = run("check", example().toString());
        assertEquals(0, r.code);
        assertEquals("0 finding(s), 0 of them MEDIUM or worse\n", r.out);
    }

    @Test
    void aPolicyWithOnlyBudgetsLacksTrackingRoutingAndCache() throws IOException {
        JsonNode finops = PolicyFile.finops(PolicyFile.YAML.readTree("""
                policies:
                  finops:
                    budgets: {monthly_usd: 100}
                """));
        assertEquals(List.of("FIN-001 MEDIUM", "FIN-002 LOW", "FIN-003 LOW"), rules(FinopsChecks.ofPolicy(finops, "x")));
    }

    @Test
    void switchedOffOrEmptySectionsCountAsMissing() throws IOException {
        JsonNode finops = PolicyFile.finops(PolicyFile.YAML.readTree("""
                finops:
                  tracking: {enabled: false, model_costs: {gpt-4o: {input: 0.0025, output: 0.01}}}
                  routing: {enabled: true, default_model: gpt-4o}
                  cache: {enabled: true}
                """));
        assertEquals(List.of("FIN-001 MEDIUM", "FIN-002 LOW"), rules(FinopsChecks.ofPolicy(finops, "x")));
    }

    @Test
    void theExampleResourcesHaveNoFindings() {
        Result r = run("check", Path.of("../k8s/examples").toString());
        assertEquals("0 finding(s), 0 of them MEDIUM or worse\n", r.out);
        assertEquals(0, r.code);
    }

    @Test
    void resourcesWithoutPricesRoutingOrCacheAndABrokenOneAreFound() throws IOException {
        Files.writeString(tmp.resolve("budget.yaml"), """
                apiVersion: finops.dev/v1alpha1
                kind: Budget
                metadata: {name: team-a}
                spec: {period: monthly, amountUsd: 10}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: ignored}
                """);
        Files.writeString(tmp.resolve("routing.yml"), """
                apiVersion: finops.dev/v1alpha1
                kind: RoutingPolicy
                metadata: {name: broken}
                spec: {scope: team, defaultModel: gpt-4o, rules: [{name: r, condition: "true", model: m}], colour: red}
                """);
        Result r = run("check", tmp.toString());
        assertEquals(1, r.code);
        List<String> lines = r.out.lines().toList();
        assertEquals(7, lines.size(), r.out);
        assertTrue(lines.get(0).matches("HIGH\\s+SCHEMA\\s+.*routing.yml \\(RoutingPolicy broken\\): spec.colour:"
                + " unknown field"), lines.get(0));
        assertTrue(lines.get(1).endsWith("spec: a global policy has no scopeId; a team or agent policy needs one"),
                lines.get(1));
        assertTrue(lines.get(2).contains("does not fit the RoutingPolicy model"), lines.get(2));
        assertTrue(lines.get(3).matches("MEDIUM\\s+FIN-001\\s+.*no ModelPrice resource.*"), lines.get(3));
        assertTrue(lines.get(4).matches("LOW\\s+FIN-002\\s+.*no RoutingPolicy with rules.*"), lines.get(4));
        assertTrue(lines.get(5).matches("LOW\\s+FIN-003\\s+.*no enabled CachePolicy.*"), lines.get(5));
        assertEquals("6 finding(s), 4 of them MEDIUM or worse", lines.get(6));
    }

    @Test
    void aRoutingSectionWithoutDefaultModelCannotBeConverted() throws IOException {
        Path file = tmp.resolve("p.yaml");
        Files.writeString(file, "policies: {finops: {routing: {enabled: true, rules: []}}}\n");
        Result r = run("convert", file.toString());
        assertEquals(2, r.code);
        assertEquals("policy: " + file + ": routing.default_model: is required when routing is enabled\n", r.err);
    }

    private static List<String> rules(List<Finding> findings) {
        return findings.stream().map(f -> f.rule() + " " + f.severity()).toList();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path example() throws URISyntaxException {
        return Path.of(PolicyToolsTest.class.getResource("/drako-example.yaml").toURI());
    }
}

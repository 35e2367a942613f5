package dev.finops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Debian's Prometheus (2.42) scrapes the running suite with k8s/'s rules: every target up, every rule evaluated
 * without error, and FinopsBudgetExhausted firing for a team seeded over its budget. The rules are the shipped ones;
 * only a copy of them, here, has its {@code for:} durations shortened.
 */
@Order(5)
@ExtendWith(Suite.class)
class PrometheusIT {

    private static final Path RULES = RealTool.ROOT.resolve("k8s/base/monitoring/finops-rules.yaml");
    private static final String FOR = "5s";

    @Test
    void prometheusScrapesTheSuiteAndTheShippedRulesFireForAnOverBudgetTeam() throws IOException {
        RealTool.install();
        Path dir = RealTool.workDir("prometheus");
        int ruleCount = writeRules(dir.resolve("rules.yaml"));
        Files.writeString(dir.resolve("prometheus.yml"), config());

        // a team over its budget: 1,000 + 100 tokens at 0.001 / 0.002 USD per 1K = 0.0012 USD of a 0.001 budget
        String model = SuiteApi.unique("e2e-prom-model");
        SuiteApi.awaitRateInIngest(SuiteApi.putRate(model, "0.001", "0.002").get("version").asLong());
        String team = SuiteApi.unique("e2e-prom-team");
        String name = SuiteApi.unique("e2e-prom-budget");
        String budgetId = SuiteApi.budget(Map.of("name", name, "scope", Map.of("team", team), "period", "monthly",
                "amountUsd", new java.math.BigDecimal("0.001"))).get("id").asText();
        SuiteApi.report(SuiteApi.key("ingest", team), List.of(SuiteApi.event(SuiteApi.eventId(), model, 1_000, 100,
                Map.of("agentId", "prom-agent"))));

        String url = "http://127.0.0.1:" + (RealTool.PORT_BASE + 90);
        try (RealTool prometheus = RealTool.start("prometheus", List.of(RealTool.binary("prometheus"),
                "--config.file=prometheus.yml", "--storage.tsdb.path=data", "--storage.tsdb.retention.time=1h",
                "--web.listen-address=" + url.substring("http://".length())), dir, url)) {
            List<JsonNode> targets = SuiteApi.awaitValue("every service scraped and up", Duration.ofSeconds(60), () -> {
                List<JsonNode> active = list(api(url, "/api/v1/targets").at("/data/activeTargets"));
                boolean allUp = active.size() == FinopsSuite.Service.values().length
                        && active.stream().allMatch(t -> "up".equals(t.path("health").asText()));
                return allUp ? active : null;
            });
            System.out.println("prometheus: " + targets.size() + " targets up");

            List<JsonNode> rules = SuiteApi.awaitValue("every rule evaluated without error", Duration.ofSeconds(60),
                    () -> {
                        List<JsonNode> all = list(api(url, "/api/v1/rules").at("/data/groups")).stream()
                                .flatMap(g -> list(g.get("rules")).stream()).toList();
                        return all.size() == ruleCount && all.stream().allMatch(r -> "ok".equals(r.path("health")
                                .asText())) ? all : null;
                    });
            System.out.println("prometheus: " + rules.size() + " rules healthy");

            JsonNode firing = SuiteApi.awaitValue("FinopsBudgetExhausted firing for " + name, Duration.ofSeconds(120),
                    () -> list(api(url, "/api/v1/alerts").at("/data/alerts")).stream()
                            .filter(a -> "FinopsBudgetExhausted".equals(a.at("/labels/alertname").asText())
                                    && name.equals(a.at("/labels/budget").asText())
                                    && "firing".equals(a.path("state").asText()))
                            .findFirst().orElse(null));
            assertEquals("critical", firing.at("/labels/severity").asText());
            assertTrue(firing.at("/annotations/summary").asText().contains(name), firing.toString());
            List<String> down = list(api(url, "/api/v1/alerts").at("/data/alerts")).stream()
                    .map(a -> a.at("/labels/alertname").asText())
                    .filter(n -> n.equals("FinopsServiceDown") || n.equals("FinopsServiceAbsent")).toList();
            assertEquals(List.of(), down, "no service down or absent while all are scraped");
        } finally {
            Http.delete(SuiteApi.url(FinopsSuite.Service.budget, "/api/v1/budgets/" + budgetId), SuiteApi.admin());
        }
    }

    /** The PrometheusRule's groups as a rule file, every {@code for:} shortened; answers how many rules it has. */
    private static int writeRules(Path out) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode spec = yaml.readTree(RULES.toFile()).get("spec").deepCopy();
        int count = 0;
        for (JsonNode group : spec.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                if (rule.has("for")) {
                    ((ObjectNode) rule).put("for", FOR);
                }
                count++;
            }
        }
        yaml.writeValue(out.toFile(), spec);
        return count;
    }

    /** A scrape job per service, named as in Kubernetes (the rules match on job), every 2 s. */
    private static String config() {
        StringBuilder c = new StringBuilder("""
                global:
                  scrape_interval: 2s
                  scrape_timeout: 2s
                  evaluation_interval: 2s
                rule_files: [rules.yaml]
                scrape_configs:
                """);
        for (FinopsSuite.Service s : FinopsSuite.Service.values()) {
            String port = Suite.get().url(s).replaceAll(".*:", "");
            c.append("  - job_name: ").append(s).append("-service\n")
                    .append("    metrics_path: /q/metrics\n")
                    .append("    static_configs: [{targets: ['127.0.0.1:").append(port).append("']}]\n");
        }
        return c.toString();
    }

    private static JsonNode api(String base, String path) {
        Http.Response r = Http.get(base + path, null);
        SuiteApi.expect(200, r);
        return r.json();
    }

    private static List<JsonNode> list(JsonNode array) {
        return array == null || array.isMissingNode() ? new ArrayList<>()
                : StreamSupport.stream(array.spliterator(), false).toList();
    }
}

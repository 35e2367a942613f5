package dev.finops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The alert rules pass promtool check rules and their unit tests (k8s/base/monitoring/check-rules.sh). */
class PrometheusRulesTest {

    @Test
    void promtoolChecksAndUnitTestsPass() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "k8s/base/monitoring/check-rules.sh")
                .directory(Project.ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "check-rules.sh did not finish in 300 s");
        System.out.println(output);
        assertEquals(0, p.exitValue(), "k8s/base/monitoring/check-rules.sh failed:\n" + output);
        assertTrue(output.contains("SUCCESS") && !output.contains("FAILED"), output);
    }

    @Test
    void everyAlertHasASeverityAndASummary() {
        PrometheusRule rule = Manifests.of("prod").named(PrometheusRule.class, "finops");
        List<Rule> alerts = rule.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream())
                .filter(r -> r.getAlert() != null).toList();
        assertTrue(alerts.size() >= 7, "budget 80/100 %, anomalies, deliveries, feed lag, unpriced, cache, service down");
        for (Rule alert : alerts) {
            assertTrue(Set.of("warning", "critical").contains(alert.getLabels().get("severity")), alert.getAlert() + ": severity");
            assertNotNull(alert.getAnnotations().get("summary"), alert.getAlert() + ": summary");
            assertFalse(alert.getExpr().getStrVal().isBlank(), alert.getAlert() + ": expr");
        }
    }
}

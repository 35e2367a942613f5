package dev.finops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Debian's Alertmanager (0.25) receiving budget-service's alerts: routable labels and readable annotations, still
 * active long after Alertmanager's resolve_timeout (budget-service re-sends it every 5 s in this run, see
 * {@link Suite#SERVICE_ENV}), and resolved — in Alertmanager and in the notification it sends — once the budget is
 * raised.
 */
@Order(6)
@ExtendWith(Suite.class)
class AlertmanagerIT {

    /** Short, so the test can outlast it; budget-service's alerts carry endsAt and never depend on it. */
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(20);

    @Test
    void aBudgetAlertStaysActivePastTheResolveTimeoutAndResolvesWhenTheBudgetIsRaised() throws Exception {
        RealTool.install();
        Path dir = RealTool.workDir("alertmanager");
        String url = "http://127.0.0.1:" + (RealTool.PORT_BASE + 93);
        try (WebhookReceiver notifications = new WebhookReceiver(WebhookReceiver.newSecret())) {
            Files.writeString(dir.resolve("alertmanager.yml"), config(notifications.url()));
            try (RealTool alertmanager = RealTool.start("alertmanager", List.of(RealTool.binary("alertmanager"),
                    "--config.file=alertmanager.yml", "--storage.path=data", "--cluster.listen-address=",
                    "--web.listen-address=" + url.substring("http://".length())), dir, url)) {
                check(url, notifications);
            }
        }
    }

    private static void check(String am, WebhookReceiver notifications) {
        String model = SuiteApi.unique("e2e-am-model");
        SuiteApi.awaitRateInIngest(SuiteApi.putRate(model, "0.001", "0.002").get("version").asLong());
        String team = SuiteApi.unique("e2e-am-team");
        String name = SuiteApi.unique("e2e-am-budget");
        Map<String, Object> budget = new LinkedHashMap<>(Map.of("name", name,
                "scope", Map.of("team", team, "environment", "prod"), "period", "monthly",
                "amountUsd", new BigDecimal("0.001"), "alertAtPercent", List.of(100)));
        String budgetId = SuiteApi.budget(budget).get("id").asText();
        // critical only: the database's other active warnings (tests' 50 and 80 % thresholds) stay out of its way
        SuiteApi.channel(Map.of("name", SuiteApi.unique("am"), "type", "alertmanager", "url", am,
                "alertTypes", List.of("budget_threshold"), "minSeverity", "critical"));
        try {
            // 0.0012 USD of a 0.001 budget: the 100 % threshold
            SuiteApi.report(SuiteApi.key("ingest", team), List.of(SuiteApi.event(SuiteApi.eventId(), model, 1_000, 100,
                    Map.of("agentId", "am-agent", "environment", "prod"))));
            JsonNode alert = SuiteApi.awaitValue("the budget alert in Alertmanager", Duration.ofSeconds(90),
                    () -> active(am, name));
            Instant seen = Instant.now();
            JsonNode labels = alert.get("labels");
            assertEquals("budget_threshold", labels.get("alertname").asText());
            assertEquals("critical", labels.get("severity").asText());
            assertEquals(team, labels.get("team").asText());
            assertEquals("prod", labels.get("environment").asText());
            assertEquals(name, labels.get("budget").asText());
            assertEquals("100", labels.get("threshold").asText());
            assertTrue(alert.at("/annotations/summary").asText().startsWith("Budget '" + name + "' reached 100% of $"),
                    alert.toString());
            String description = alert.at("/annotations/description").asText();
            assertTrue(description.startsWith("Budget '" + name + "' of team " + team + ", environment prod: "),
                    description);
            assertFalse(description.contains("={"), "no Map.toString(): " + description);
            assertEquals(Suite.get().url(FinopsSuite.Service.budget) + "/api/v1/budgets/" + budgetId,
                    alert.get("generatorURL").asText());
            System.out.println("alertmanager: " + alert);

            // past the resolve timeout, and past the endsAt of the first send: active all along, no resolved notice
            Duration hold = RESOLVE_TIMEOUT.plusSeconds(15);
            while (Instant.now().isBefore(seen.plus(hold))) {
                assertTrue(active(am, name) != null, "resolved after "
                        + Duration.between(seen, Instant.now()).toSeconds() + " s although the budget is still over");
                SuiteApi.sleep(2000);
            }
            assertTrue(notified(notifications, name, "firing"), "Alertmanager notified the firing alert");
            assertFalse(notified(notifications, name, "resolved"), "no resolved notification while over budget");
            System.out.println("alertmanager: still active " + Duration.between(seen, Instant.now()).toSeconds()
                    + " s after it arrived (resolve_timeout " + RESOLVE_TIMEOUT.toSeconds() + " s)");

            // raised: resolved in Alertmanager, and the receiver (send_resolved) hears it
            budget.put("amountUsd", new BigDecimal("1000"));
            SuiteApi.expect(200, Http.put(SuiteApi.url(FinopsSuite.Service.budget, "/api/v1/budgets/" + budgetId),
                    SuiteApi.admin(), budget));
            Instant raised = Instant.now();
            SuiteApi.await("the alert resolved in Alertmanager", Duration.ofSeconds(60), () -> active(am, name) == null);
            SuiteApi.await("a resolved notification", Duration.ofSeconds(30), () -> notified(notifications, name,
                    "resolved"));
            System.out.println("alertmanager: resolved " + Duration.between(raised, Instant.now()).toSeconds()
                    + " s after the budget was raised");
            JsonNode history = Http.get(SuiteApi.url(FinopsSuite.Service.budget, "/api/v1/alerts?budgetId=" + budgetId),
                    SuiteApi.admin()).json();
            assertTrue(StreamSupport.stream(history.spliterator(), false)
                    .anyMatch(a -> "resolution".equals(a.at("/alert/kind").asText())), history.toString());
        } finally {
            Http.delete(SuiteApi.url(FinopsSuite.Service.budget, "/api/v1/budgets/" + budgetId), SuiteApi.admin());
        }
    }

    /** The budget's alert as Alertmanager lists it while active (resolved ones are not listed), or null. */
    private static JsonNode active(String am, String budgetName) {
        String filter = URLEncoder.encode("budget=\"" + budgetName + "\"", StandardCharsets.UTF_8);
        Http.Response r = Http.get(am + "/api/v2/alerts?filter=" + filter, null);
        SuiteApi.expect(200, r);
        for (JsonNode a : r.json()) {
            if ("active".equals(a.at("/status/state").asText())) {
                return a;
            }
        }
        return null;
    }

    /** Whether Alertmanager sent a notification with the budget's alert in this status. */
    private static boolean notified(WebhookReceiver notifications, String budgetName, String status) {
        return notifications.received().stream().map(WebhookReceiver.Delivery::json)
                .flatMap(n -> StreamSupport.stream(n.path("alerts").spliterator(), false))
                .anyMatch(a -> budgetName.equals(a.at("/labels/budget").asText())
                        && status.equals(a.path("status").asText()));
    }

    private static String config(String receiverUrl) {
        return """
                global:
                  resolve_timeout: %ds
                route:
                  receiver: capture
                  group_by: [alertname, budget, threshold]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: capture
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                """.formatted(RESOLVE_TIMEOUT.toSeconds(), receiverUrl);
    }
}

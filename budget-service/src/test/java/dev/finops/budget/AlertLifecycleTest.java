package dev.finops.budget;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.finops.budget.Api.as;
import static dev.finops.budget.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.finops.budget.UsageFeedStub.Usage;
import dev.finops.budget.service.AlertSweep;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Conditions and their end: re-sent to Alertmanager while they last, resolved once (after the firing) when the budget
 * no longer holds them, and the same for PagerDuty, webhooks and Slack.
 */
@QuarkusTest
@WithTestResource(IngestStub.class)
class AlertLifecycleTest extends AlertTestBase {

    @Inject
    AlertSweep sweep;

    @Test
    void anAlertmanagerKeepsGettingABudgetConditionUntilTheBudgetIsRaised() throws Exception {
        String path = "/" + unique("am");
        receiver.stubFor(post(urlEqualTo(path + "/api/v2/alerts")).willReturn(aResponse().withStatus(200)));
        channel("{\"type\":\"alertmanager\",\"url\":\"" + receiver.baseUrl() + path + "\","
                + "\"alertTypes\":[\"budget_threshold\"]}");
        String name = unique("am-budget");
        String budget = "{\"name\":\"" + name + "\",\"scope\":{\"team\":\"" + team + "\",\"environment\":\"prod\"},"
                + "\"period\":\"monthly\",\"alertAtPercent\":[50],\"amountUsd\":";
        String id = Api.budget(admin, budget + "10}");
        spend("6");
        drainDeliveries();

        JsonNode first = only(alertsOf(path, name));
        JsonNode labels = first.get("labels");
        assertEquals("budget_threshold", labels.get("alertname").asText());
        assertEquals("warning", labels.get("severity").asText());
        assertEquals(team, labels.get("team").asText());
        assertEquals("prod", labels.get("environment").asText());
        assertEquals(name, labels.get("budget").asText());
        assertEquals("50", labels.get("threshold").asText());
        assertEquals("monthly", labels.get("period").asText());
        String description = first.at("/annotations/description").asText();
        assertTrue(description.startsWith("Budget '" + name + "' of team " + team + ", environment prod: 6 USD spent"
                + " of 10 USD this monthly period"), description);
        assertFalse(description.contains("={") || description.contains("budgetId="), "no Map.toString(): " + description);
        assertTrue(first.get("generatorURL").asText().endsWith("/api/v1/budgets/" + id), first.toString());
        assertTrue(Instant.parse(first.get("endsAt").asText()).isAfter(Instant.now().plusSeconds(200)));

        // still active: re-sent by the next sweep with a later endsAt (as if the last send were minutes ago)
        sentMinutesAgo(id);
        assertTrue(sweep.sweep(Instant.now()).await().indefinitely().queued() >= 1);
        drainDeliveries();
        List<JsonNode> sent = alertsOf(path, name);
        assertEquals(2, sent.size());
        assertEquals(labels, sent.get(1).get("labels"));
        assertEquals(first.get("startsAt"), sent.get(1).get("startsAt"));
        assertTrue(Instant.parse(sent.get(1).get("endsAt").asText()).isAfter(Instant.parse(first.get("endsAt").asText())));
        as(admin).get("/api/v1/alerts?budgetId=" + id).then().body("size()", equalTo(1))
                .body("[0].deliveries[0].sends", equalTo(2)).body("[0].alert.kind", equalTo("condition"));

        // raised: the condition ends, and the Alertmanager hears it once, same labels, endsAt = when it ended
        as(admin).body(budget + "100}").put("/api/v1/budgets/" + id).then().statusCode(200);
        assertTrue(sweep.sweep(Instant.now()).await().indefinitely().resolved() >= 1);
        drainDeliveries();
        sent = alertsOf(path, name);
        assertEquals(3, sent.size());
        JsonNode ended = sent.get(2);
        assertEquals(labels, ended.get("labels"));
        assertTrue(Instant.parse(ended.get("endsAt").asText()).isBefore(Instant.now()));
        assertEquals("Resolved: budget '" + name + "' at 50%: spent $6 is below 50% of $100 now",
                ended.at("/annotations/summary").asText());
        as(admin).get("/api/v1/alerts?budgetId=" + id).then().body("size()", equalTo(2))
                .body("find { it.alert.kind == 'condition' }.alert.resolvedAt", notNullValue())
                .body("find { it.alert.kind == 'resolution' }.alert.resolves", notNullValue())
                .body("find { it.alert.kind == 'resolution' }.deliveries[0].status", equalTo("delivered"));
        sentMinutesAgo(id);
        sweep.sweep(Instant.now()).await().indefinitely();
        drainDeliveries();
        assertEquals(3, alertsOf(path, name).size(), "an ended condition is not sent again");

        // lowered again, the next spend makes it hold again: a new condition of the same period
        as(admin).body(budget + "10}").put("/api/v1/budgets/" + id).then().statusCode(200);
        spend("0.1");
        drainDeliveries();
        sent = alertsOf(path, name);
        assertEquals(4, sent.size());
        assertTrue(sent.get(3).at("/labels/dedup_key").asText().endsWith(":50#2"), sent.get(3).toString());
        assertTrue(Instant.parse(sent.get(3).get("endsAt").asText()).isAfter(Instant.now()));
    }

    @Test
    void aResolutionWaitsForItsFiringAndResolvesThePagerDutyIncidentItOpened() throws Exception {
        String path = "/" + unique("pd");
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(503)));
        channel("{\"type\":\"pagerduty\",\"url\":\"" + receiver.baseUrl() + path + "\",\"secret\":\"RK\"}");
        String key = unique("k");
        String firing = handOver(key, "firing");
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));   // 503: the trigger waits for its retry
        String resolution = handOver(key, "resolved");
        assertNotEquals(firing, resolution);
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        as(admin).get("/api/v1/alerts").then()
                .body("find { it.alert.id == '" + resolution + "' }.deliveries[0].status", equalTo("pending"))
                .body("find { it.alert.id == '" + resolution + "' }.deliveries[0].attempts", equalTo(0));

        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(202)));
        dueNow(firing);
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        List<String> actions = new ArrayList<>();
        for (LoggedRequest r : received(postRequestedFor(urlEqualTo(path)))) {
            JsonNode event = JSON.readTree(r.getBodyAsString());
            assertEquals(key, event.get("dedup_key").asText());
            actions.add(event.get("event_action").asText());
        }
        assertEquals(List.of("trigger", "trigger", "resolve"), actions);  // the failed trigger, its retry, the end
    }

    @Test
    void anAlertmanagerThatIsDownIsRetriedEveryIntervalWhileTheConditionLastsAndNotAfter() {
        String path = "/" + unique("am-down");
        receiver.stubFor(post(urlEqualTo(path + "/api/v2/alerts")).willReturn(aResponse().withStatus(503)));
        channel("{\"type\":\"alertmanager\",\"url\":\"" + receiver.baseUrl() + path + "\"}");
        String key = unique("k");
        String firing = handOver(key, "firing");
        for (int i = 0; i < 4; i++) {   // past the test profile's 3 attempts
            dueNow(firing);
            worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        }
        String view = "find { it.alert.id == '" + firing + "' }.deliveries[0]";
        as(admin).get("/api/v1/alerts").then().body(view + ".status", equalTo("pending"))
                .body(view + ".attempts", equalTo(4));
        Instant next = Instant.parse(as(admin).get("/api/v1/alerts").then().extract().path(view + ".nextAttemptAt"));
        assertTrue(next.isBefore(Instant.now().plusSeconds(61)), "retried within the re-send interval, was " + next);

        // ended: the firing now follows the usual rules (dead after the last attempt), then the end is sent
        String resolution = handOver(key, "resolved");
        dueNow(firing);
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        as(admin).get("/api/v1/alerts").then().body(view + ".status", equalTo("dead"));
        receiver.stubFor(post(urlEqualTo(path + "/api/v2/alerts")).willReturn(aResponse().withStatus(200)));
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        as(admin).get("/api/v1/alerts").then()
                .body("find { it.alert.id == '" + resolution + "' }.deliveries[0].status", equalTo("delivered"));
    }

    @Test
    void webhooksGetAResolvedEventAndSlackAResolvedMessage() throws Exception {
        String path = "/" + unique("hooks");
        receiver.stubFor(post(urlEqualTo(path + "/webhook")).willReturn(aResponse().withStatus(204)));
        receiver.stubFor(post(urlEqualTo(path + "/slack")).willReturn(aResponse().withStatus(200)));
        channel("{\"type\":\"webhook\",\"url\":\"" + receiver.baseUrl() + path + "/webhook\",\"secret\":\"whsec_"
                + java.util.Base64.getEncoder().encodeToString(new byte[24]) + "\"}");
        channel("{\"type\":\"slack\",\"url\":\"" + receiver.baseUrl() + path + "/slack\"}");
        String key = unique("k");
        String firing = handOver(key, "firing");
        handOver(key, "resolved");
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));

        List<LoggedRequest> hooks = received(postRequestedFor(urlEqualTo(path + "/webhook")));
        assertEquals(2, hooks.size());
        JsonNode fired = JSON.readTree(hooks.get(0).getBodyAsString());
        JsonNode resolved = JSON.readTree(hooks.get(1).getBodyAsString());
        assertEquals("alert." + type, fired.get("type").asText());
        assertEquals("firing", fired.at("/data/state").asText());
        assertEquals("alert.resolved", resolved.get("type").asText());
        assertEquals("resolved", resolved.at("/data/state").asText());
        assertEquals(type, resolved.at("/data/type").asText());
        assertEquals(key, resolved.at("/data/dedupKey").asText());
        assertEquals(firing, resolved.at("/data/resolves").asText());
        assertNotEquals(hooks.get(0).getHeader("webhook-id"), hooks.get(1).getHeader("webhook-id"));

        List<LoggedRequest> slack = received(postRequestedFor(urlEqualTo(path + "/slack")));
        assertEquals(2, slack.size());
        assertEquals("[resolved] agent y burns $40/h", JSON.readTree(slack.get(1).getBodyAsString()).get("text").asText());
    }

    /** Hands an alert of the test's type over, as anomaly-service does; answers the id budget-service gave it. */
    private String handOver(String key, String state) {
        return as(service).body("{\"type\":\"" + type + "\",\"severity\":\"critical\",\"dedupKey\":\"" + key
                        + "\",\"summary\":\"" + ("resolved".equals(state) ? "Resolved: " : "") + "agent y burns $40/h\","
                        + "\"details\":{\"agentId\":\"y\"},\"state\":\"" + state + "\"}")
                .post("/api/v1/alerts").then().statusCode(202).extract().path("alertId");
    }

    private void spend(String usd) {
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), usd));
        Feeds.drainAll(consumer);
    }

    /** Sends until nothing is due (a new Alertmanager channel also gets every other active condition of its type). */
    private void drainDeliveries() {
        for (int i = 0; i < 100 && worker.deliverDue().await().atMost(Duration.ofSeconds(30)) > 0; i++) {
            // again
        }
    }

    /** The alerts of this budget each request to the Alertmanager stub carried, oldest first. */
    private static List<JsonNode> alertsOf(String path, String budgetName) throws Exception {
        List<JsonNode> alerts = new ArrayList<>();
        for (LoggedRequest r : received(postRequestedFor(urlEqualTo(path + "/api/v2/alerts")))) {
            for (JsonNode a : JSON.readTree(r.getBodyAsString())) {
                if (budgetName.equals(a.at("/labels/budget").asText())) {
                    alerts.add(a);
                }
            }
        }
        return alerts;
    }

    private static JsonNode only(List<JsonNode> alerts) {
        assertEquals(1, alerts.size(), alerts.toString());
        return alerts.get(0);
    }

    private void sentMinutesAgo(String budgetId) {
        pool.preparedQuery("UPDATE alert_deliveries SET delivered_at = now() - interval '5 minutes'"
                        + " WHERE alert_id IN (SELECT id FROM alerts WHERE budget_id = $1)")
                .execute(Tuple.of(UUID.fromString(budgetId))).await().indefinitely();
    }

    private void dueNow(String alertId) {
        pool.preparedQuery("UPDATE alert_deliveries SET next_attempt_at = now() WHERE alert_id = $1 AND status = 'pending'")
                .execute(Tuple.of(UUID.fromString(alertId))).await().indefinitely();
    }
}

package dev.finops.budget;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.finops.budget.Api.as;
import static dev.finops.budget.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.finops.budget.UsageFeedStub.Usage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Alerts: each threshold once per budget and period, the period reset, hand-over from other services. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class AlertsTest extends AlertTestBase {

    @Inject
    dev.finops.budget.service.PeriodResetAlerts resets;
    @Inject
    dev.finops.budget.service.AlertSweep sweep;

    @Test
    void eachThresholdFiresOncePerBudgetAndPeriod() {
        String team = unique("team");
        String id = Api.budget(admin, "{\"name\":\"" + unique("t") + "\",\"scope\":{\"team\":\"" + team + "\"},"
                + "\"period\":\"daily\",\"amountUsd\":10,\"alertAtPercent\":[50,80],\"hardLimitPercent\":100}");
        spend(team, "6");       // 60%: the 50% threshold
        spend(team, "0.5");     // nothing new
        spend(team, "2");       // 85%: the 80% threshold
        spend(team, "1.5");     // 100%: the hard limit
        spend(team, "3");       // beyond: nothing new
        as(admin).get("/api/v1/alerts?budgetId=" + id).then().statusCode(200)
                .body("size()", equalTo(3))
                .body("alert.details.thresholdPercent", hasItems("50", "80", "100"))
                .body("alert.type", hasItems("budget_threshold", "budget_hard_limit"))
                .body("find { it.alert.type == 'budget_hard_limit' }.alert.severity", equalTo("critical"))
                .body("find { it.alert.details.thresholdPercent == '50' }.alert.severity", equalTo("warning"));
        assertEquals(3L, count("SELECT count(*) FROM alerts WHERE budget_id = $1", UUID.fromString(id)));
    }

    @Test
    void aBudgetCrossingItsThresholdPagesOnCallThroughPagerDuty() throws Exception {
        String path = "/" + unique("pd") + "/v2/enqueue";
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(202)));
        String channel = as(admin).body("{\"name\":\"" + unique("pd") + "\",\"type\":\"pagerduty\",\"url\":\""
                        + receiver.baseUrl() + path + "\",\"secret\":\"ROUTING-KEY-1\",\"minSeverity\":\"critical\","
                        + "\"alertTypes\":[\"budget_threshold\",\"budget_hard_limit\"]}")
                .post("/api/v1/alert-channels").then().statusCode(201).extract().path("id");
        try {
            String team = unique("team");
            String budget = Api.budget(admin, "{\"name\":\"" + unique("pager") + "\",\"scope\":{\"team\":\"" + team
                    + "\"},\"period\":\"monthly\",\"amountUsd\":100,\"alertAtPercent\":[80,100]}");
            spend(team, "85");   // 80%: a warning, below the channel's minimum severity
            spend(team, "20");   // 100%: critical
            worker.deliverDue().await().atMost(Duration.ofSeconds(20));

            List<LoggedRequest> pages = receiver.findAll(postRequestedFor(urlEqualTo(path)));
            assertEquals(1, pages.size());
            JsonNode event = JSON.readTree(pages.get(0).getBodyAsString());
            assertEquals("ROUTING-KEY-1", event.get("routing_key").asText());
            assertTrue(event.get("dedup_key").asText().startsWith("budget:" + budget + ":"));
            assertEquals("critical", event.at("/payload/severity").asText());
            assertTrue(event.at("/payload/summary").asText().contains("reached 100% of $100"));
            assertEquals("105", event.at("/payload/custom_details/spentUsd").asText());
            assertTrue(MetricsTest.value(MetricsTest.scrape(),
                    "finops_alerts_delivered_total\\{[^}]*channel=\"pagerduty\"[^}]*\\}") >= 1);
        } finally {
            as(admin).delete("/api/v1/alert-channels/" + channel).then().statusCode(204);
        }
    }

    @Test
    void aBlockedBudgetsNewPeriodFiresOneResetNoticeAndResolvesThePagerDutyIncident() throws Exception {
        String path = "/" + unique("pd-reset");
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(202)));
        String channel = as(admin).body("{\"name\":\"" + unique("pd") + "\",\"type\":\"pagerduty\",\"url\":\""
                        + receiver.baseUrl() + path + "\",\"secret\":\"RK\","
                        + "\"alertTypes\":[\"budget_hard_limit\",\"budget_period_reset\"]}")
                .post("/api/v1/alert-channels").then().statusCode(201).extract().path("id");
        try {
            String team = unique("team");
            String budget = Api.teamBudget(admin, team, "daily", "UTC", "1", "100");
            Instant yesterday = Instant.now().minus(Duration.ofDays(1));
            UsageFeedStub.append(Usage.of(unique("ev"), team, yesterday, "2"));  // blocked yesterday
            Feeds.drainAll(consumer);
            snapshot.refresh().await().indefinitely();

            resets.sweep(Instant.now()).await().indefinitely();
            resets.sweep(Instant.now()).await().indefinitely();
            assertEquals(1L, count("SELECT count(*) FROM alerts WHERE budget_id = $1 AND type = 'budget_period_reset'",
                    UUID.fromString(budget)));
            sweep.sweep(Instant.now()).await().indefinitely();  // yesterday's hard limit ended with its period
            worker.deliverDue().await().atMost(Duration.ofSeconds(20));
            worker.deliverDue().await().atMost(Duration.ofSeconds(20));  // the resolution goes after the trigger

            String hardKey = "budget:" + budget + ":" + BudgetPeriod.containing(PeriodKind.daily, java.time.ZoneOffset.UTC,
                    yesterday).start() + ":hard";
            List<LoggedRequest> mine = received(postRequestedFor(urlEqualTo(path))
                    .withRequestBody(matchingJsonPath("$.dedup_key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(hardKey))));
            // in this order, and the reset notice itself is not an incident (PagerDuty gets no trigger for it)
            assertEquals(List.of("trigger", "resolve"), mine.stream().map(r -> {
                try {
                    return JSON.readTree(r.getBodyAsString()).get("event_action").asText();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList());
            assertEquals(2, receiver.findAll(postRequestedFor(urlEqualTo(path))).stream()
                    .filter(r -> r.getBodyAsString().contains(budget)).count());
        } finally {
            as(admin).delete("/api/v1/alert-channels/" + channel).then().statusCode(204);
        }
    }

    @Test
    void aResolvedHandOverEndsThePagerDutyIncidentOfItsFiringAlert() throws Exception {
        String type = unique("anomaly.runaway");
        String path = "/" + unique("pd-anomaly");
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(202)));
        String channel = as(admin).body("{\"name\":\"" + unique("pd") + "\",\"type\":\"pagerduty\",\"url\":\""
                        + receiver.baseUrl() + path + "\",\"secret\":\"RK\",\"alertTypes\":[\"" + type + "\"]}")
                .post("/api/v1/alert-channels").then().statusCode(201).extract().path("id");
        receiver.stubFor(post(urlEqualTo(path + "-am/api/v2/alerts")).willReturn(aResponse().withStatus(200)));
        String am = as(admin).body("{\"name\":\"" + unique("am") + "\",\"type\":\"alertmanager\",\"url\":\""
                        + receiver.baseUrl() + path + "-am\",\"alertTypes\":[\"" + type + "\"]}")
                .post("/api/v1/alert-channels").then().statusCode(201).extract().path("id");
        try {
            String key = unique("anomaly:session");
            String firing = "{\"type\":\"" + type + "\",\"severity\":\"critical\",\"dedupKey\":\"" + key
                    + "\",\"summary\":\"session s burns $9/h\",\"details\":{\"sessionId\":\"s\"},\"state\":\"firing\"}";
            String resolved = firing.replace("\"firing\"", "\"resolved\"").replace("session s burns", "Resolved: session s burns");
            as(service).body(firing).post("/api/v1/alerts").then().statusCode(202);
            as(service).body(resolved).post("/api/v1/alerts").then().statusCode(202).body("dedupKey", equalTo(key));
            as(service).body(resolved).post("/api/v1/alerts").then().statusCode(200).body("duplicate", equalTo(true));
            as(service).body(firing.replace("\"firing\"", "\"gone\"")).post("/api/v1/alerts").then().statusCode(400)
                    .body("errors[0].field", equalTo("state"));
            worker.deliverDue().await().atMost(Duration.ofSeconds(20));
            worker.deliverDue().await().atMost(Duration.ofSeconds(20));  // the resolution goes after the firing

            List<String> actions = new java.util.ArrayList<>();
            for (LoggedRequest r : received(postRequestedFor(urlEqualTo(path)))) {
                JsonNode event = JSON.readTree(r.getBodyAsString());
                assertEquals(key, event.get("dedup_key").asText());
                actions.add(event.get("event_action").asText());
            }
            assertEquals(List.of("trigger", "resolve"), actions);

            List<JsonNode> amAlerts = new java.util.ArrayList<>();
            for (LoggedRequest r : received(postRequestedFor(urlEqualTo(path + "-am/api/v2/alerts")))) {
                amAlerts.add(JSON.readTree(r.getBodyAsString()).get(0));
            }
            assertEquals(2, amAlerts.size());
            assertEquals(amAlerts.get(0).get("labels"), amAlerts.get(1).get("labels"));  // the same alert, ended
            assertEquals(amAlerts.get(0).get("startsAt"), amAlerts.get(1).get("startsAt"));
            // both sent after the end was known: the firing one, too, says when it ended (never a stale endsAt)
            assertEquals(amAlerts.get(0).get("endsAt"), amAlerts.get(1).get("endsAt"));
            assertTrue(Instant.parse(amAlerts.get(1).get("endsAt").asText()).isBefore(Instant.now()));
            assertTrue(amAlerts.get(1).at("/annotations/summary").asText().startsWith("Resolved: "));
        } finally {
            as(admin).delete("/api/v1/alert-channels/" + channel).then().statusCode(204);
            as(admin).delete("/api/v1/alert-channels/" + am).then().statusCode(204);
        }
    }

    @Test
    void otherServicesHandAlertsOverAndDuplicatesAreIgnored() {
        String key = unique("anomaly:runaway");
        String body = "{\"type\":\"" + type + "\",\"severity\":\"critical\",\"dedupKey\":\"" + key
                + "\",\"summary\":\"agent x burns $40/h\",\"details\":{\"agentId\":\"x\",\"ratio\":8.5}}";
        String first = as(service).body(body).post("/api/v1/alerts").then().statusCode(202)
                .body("duplicate", equalTo(false)).extract().path("alertId");
        as(service).body(body).post("/api/v1/alerts").then().statusCode(200).body("duplicate", equalTo(true))
                .body("alertId", equalTo(first));
        as(service).body("{\"severity\":\"loud\"}").post("/api/v1/alerts").then().statusCode(400)
                .body("errors.field", hasItems("type", "dedupKey", "summary", "severity"));
        as(Api.key(ingest, "reader", null)).body(body).post("/api/v1/alerts").then().statusCode(403);
    }


    private void spend(String team, String usd) {
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), usd));
        Feeds.drainAll(consumer);
    }

    private long count(String sql, Object arg) {
        return pool.preparedQuery(sql).execute(Tuple.of(arg)).map(r -> r.iterator().next().getLong(0)).await().indefinitely();
    }
}

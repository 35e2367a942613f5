package dev.finops.budget;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.finops.budget.Api.as;
import static dev.finops.budget.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.finops.budget.UsageFeedStub.Usage;
import dev.finops.budget.service.AlertSweep;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 18: provisional spend and the unpriced_usage notice, alert coalescing, corrections (negative deltas). */
@QuarkusTest
@WithTestResource(IngestStub.class)
class MoneyThatCannotEscapeTest extends AlertTestBase {

    @Inject
    AlertSweep sweep;

    @Test
    void oneUpdateAcrossFiftyEightyAndHundredPercentAndTheHardLimitDeliversOneMergedAlert() throws Exception {
        String path = "/" + unique("hook");
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        channel("{\"type\":\"webhook\",\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\",\"url\":\"" + receiver.baseUrl() + path + "\","
                + "\"alertTypes\":[\"budget_threshold\",\"budget_hard_limit\"]}");
        String id = Api.budget(admin, "{\"name\":\"" + unique("co") + "\",\"scope\":{\"team\":\"" + team + "\"},"
                + "\"period\":\"monthly\",\"amountUsd\":10,\"alertAtPercent\":[50,80,100],\"hardLimitPercent\":100}");
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), "10.5"));
        Feeds.drainAll(consumer);
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));

        List<LoggedRequest> sent = received(postRequestedFor(urlEqualTo(path))).stream()
                .filter(r -> r.getBodyAsString().contains(id)).toList();
        assertEquals(1, sent.size(), "one delivery for the whole update");
        String body = sent.get(0).getBodyAsString();
        assertTrue(body.contains("reached 100% of $10") && body.contains("and its hard limit of $10"), body);
        assertTrue(body.contains("budget_hard_limit"), body);

        // all four are recorded; the three thresholds say which alert carried them
        JsonNode alerts = JSON.readTree(as(admin).get("/api/v1/alerts?budgetId=" + id).then().statusCode(200)
                .extract().asString());
        assertEquals(4, alerts.size());
        int coalesced = 0;
        for (JsonNode a : alerts) {
            JsonNode d = a.at("/alert/details");
            if ("budget_hard_limit".equals(a.at("/alert/type").asText())) {
                assertEquals("100", d.get("mergedThresholdPercent").asText());
                assertEquals("[\"50\",\"80\",\"100\"]", d.get("thresholdsCrossed").toString());
                assertEquals(1, a.get("deliveries").size());
            } else {
                assertTrue(d.get("coalescedInto").asText().endsWith(":hard"));
                assertEquals(0, a.get("deliveries").size());
                coalesced++;
            }
        }
        assertEquals(3, coalesced);
    }

    @Test
    void twoThresholdsAtOnceWithoutAHardLimitDeliverTheHigherOnly() throws Exception {
        String path = "/" + unique("hook");
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        channel("{\"type\":\"webhook\",\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\",\"url\":\"" + receiver.baseUrl() + path + "\","
                + "\"alertTypes\":[\"budget_threshold\",\"budget_hard_limit\"]}");
        String id = Api.budget(admin, "{\"name\":\"" + unique("co") + "\",\"scope\":{\"team\":\"" + team + "\"},"
                + "\"period\":\"monthly\",\"amountUsd\":100,\"alertAtPercent\":[50,80,100]}");
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), "85.25"));
        Feeds.drainAll(consumer);
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), "20"));  // a later update: 100 % on its own
        Feeds.drainAll(consumer);
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));

        List<LoggedRequest> sent = received(postRequestedFor(urlEqualTo(path))).stream()
                .filter(r -> r.getBodyAsString().contains(id)).toList();
        assertEquals(2, sent.size());
        assertTrue(sent.get(0).getBodyAsString().contains("reached 80% of $100 (spent $85.25"), sent.get(0).getBodyAsString());
        assertTrue(sent.get(1).getBodyAsString().contains("reached 100% of $100 (spent $105.25"));
    }

    @Test
    void provisionalSpendCountsIsShownAndPagesOncePerModelAndDayThenARateRevaluesItExactly() throws Exception {
        String path = "/" + unique("hook");
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        channel("{\"type\":\"webhook\",\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\",\"url\":\"" + receiver.baseUrl() + path + "\",\"alertTypes\":[\"unpriced_usage\"]}");
        UUID id = UUID.fromString(Api.teamBudget(admin, team, "monthly", "UTC", "100", null));
        Instant now = Instant.now();
        String model = unique("gpt-9");
        Usage first = Usage.of(unique("ev"), team, now, "12.5");
        UsageFeedStub.appendProvisional(first, model);
        UsageFeedStub.appendProvisional(Usage.of(unique("ev"), team, now, "2.25"), model);
        UsageFeedStub.append(Usage.of(unique("ev"), team, now, "1.0001"));
        Feeds.drainAll(consumer);
        UsageFeedStub.appendProvisional(Usage.of(unique("ev"), team, now, "0.75"), model);  // same model, same day
        Feeds.drainAll(consumer);
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));

        assertMoney(new BigDecimal("16.5001"), spent(id, periodStart(id, now)));
        JsonNode status = JSON.readTree(as(admin).get("/api/v1/budgets/" + id + "/status").then().statusCode(200)
                .extract().asString());
        assertMoney(new BigDecimal("15.5"), new BigDecimal(status.get("provisionalUsd").asText()));
        assertMoney(new BigDecimal("16.5001"), new BigDecimal(status.get("spentUsd").asText()));

        List<LoggedRequest> sent = received(postRequestedFor(urlEqualTo(path))).stream()
                .filter(r -> r.getBodyAsString().contains(model)).toList();
        assertEquals(1, sent.size(), "once per model, team and day");
        String body = sent.get(0).getBodyAsString();
        assertTrue(body.contains(model) && body.contains(team) && body.contains("/api/v1/finops/valuation-rates")
                && body.contains("ModelPrice"), body);

        // the model gets a rate: ingest re-values the first event by the exact delta (12.5 -> 3.125)
        UsageFeedStub.revalueAtRate(new Usage(first.eventId(), team, now, new BigDecimal("-9.375"), "agent-1", "prod",
                null), model);
        Feeds.drainAll(consumer);
        assertMoney(new BigDecimal("7.1251"), spent(id, periodStart(id, now)));
        status = JSON.readTree(as(admin).get("/api/v1/budgets/" + id + "/status").then().statusCode(200)
                .extract().asString());
        assertMoney(new BigDecimal("3"), new BigDecimal(status.get("provisionalUsd").asText()));
        JsonNode burn = JSON.readTree(as(admin).get("/api/v1/finops/budget?budgetId=" + id).then().statusCode(200)
                .extract().asString());
        assertMoney(new BigDecimal("3"), new BigDecimal(burn.get("provisionalUsd").asText()));
    }

    @Test
    void aVoidMovesSpendDownByExactlyItsDeltaAndEndsTheThresholdsItNoLongerReaches() throws Exception {
        String path = "/" + unique("hook");
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        channel("{\"type\":\"webhook\",\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\",\"url\":\"" + receiver.baseUrl() + path + "\","
                + "\"alertTypes\":[\"budget_threshold\",\"budget_hard_limit\"]}");
        UUID id = UUID.fromString(Api.budget(admin, "{\"name\":\"" + unique("void") + "\",\"scope\":{\"team\":\""
                + team + "\"},\"period\":\"monthly\",\"amountUsd\":100,\"alertAtPercent\":[50]}"));
        Instant now = Instant.now();
        String typo = unique("ev");
        UsageFeedStub.append(Usage.of(unique("ev"), team, now, "10.01"));
        UsageFeedStub.append(Usage.of(typo, team, now, "2500000"));
        Feeds.drainAll(consumer);
        UsageFeedStub.revalue(new Usage(typo, team, now, new BigDecimal("-2500000"), "agent-1", "prod", null));
        Feeds.drainAll(consumer);
        assertMoney(new BigDecimal("10.01"), spent(id, periodStart(id, now)));

        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        sweep.sweep(Instant.now()).await().atMost(Duration.ofSeconds(20));
        worker.deliverDue().await().atMost(Duration.ofSeconds(20));
        // an org channel hears of every team's budgets; the sweep also ends other tests' conditions: this budget's only
        List<LoggedRequest> sent = received(postRequestedFor(urlEqualTo(path))).stream()
                .filter(r -> r.getBodyAsString().contains(id.toString())).toList();
        assertEquals(2, sent.size(), "the 50 % alert, then its end");
        assertTrue(sent.get(1).getBodyAsString().contains("spent $10.01 is below 50% of $100 now"),
                sent.get(1).getBodyAsString());
    }

    private static void assertMoney(BigDecimal expected, BigDecimal actual) {
        assertEquals(0, expected.compareTo(actual), () -> "expected " + expected + " but was " + actual);
    }

    private Instant periodStart(UUID budget, Instant at) {
        return pool.preparedQuery("SELECT period, timezone FROM budgets WHERE id = $1").execute(Tuple.of(budget))
                .map(rows -> rows.iterator().next())
                .map(r -> BudgetPeriod.containing(PeriodKind.parse(r.getString("period")),
                        java.time.ZoneId.of(r.getString("timezone")), at).start())
                .await().indefinitely();
    }

    private BigDecimal spent(UUID budget, Instant periodStart) {
        return Feeds.spent(pool, budget, periodStart);
    }
}

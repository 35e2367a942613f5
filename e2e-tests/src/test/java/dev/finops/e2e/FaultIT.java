package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.anomaly;
import static dev.finops.e2e.FinopsSuite.Service.budget;
import static dev.finops.e2e.FinopsSuite.Service.ingest;
import static dev.finops.e2e.FinopsSuite.Service.pricing;
import static dev.finops.e2e.SuiteApi.admin;
import static dev.finops.e2e.SuiteApi.await;
import static dev.finops.e2e.SuiteApi.sleep;
import static dev.finops.e2e.SuiteApi.unique;
import static dev.finops.e2e.SuiteApi.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults under sustained load: nothing acknowledged is lost, nothing is counted twice, and the consumers
 * (budget, anomaly) catch up by themselves. Each test prints and records its figures (see {@link Figures}).
 */
@Order(3)
@ExtendWith(Suite.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIT {

    private static final int CLIENTS = 4;
    static String model;

    @BeforeAll
    static void rates() {
        model = unique("fault-model");
        SuiteApi.awaitRateInIngest(SuiteApi.putRate(model, "0.001", "0.004").get("version").asLong());
    }

    @Test
    @Order(1)
    void postgresRestartedAndStoppedMidLoad() {
        Fault f = new Fault("postgres restart (pg_ctl restart -m fast) and stop/start mid-load");
        sleep(6000);
        Instant faultAt = Instant.now();
        Suite.get().restartPostgres();
        sleep(6000);
        Instant stopAt = Instant.now();
        Suite.get().stopPostgres();
        double downAfter = secondsUntil(stopAt, () -> List.of(FinopsSuite.Service.values()).stream()
                .noneMatch(Suite.get()::ready));
        sleep(3000);
        Instant startAt = Instant.now();
        Suite.get().startPostgres();
        double upAfter = secondsUntil(startAt, () -> List.of(FinopsSuite.Service.values()).stream()
                .allMatch(Suite.get()::ready));
        sleep(5000);
        Map<String, Object> figures = f.finish(faultAt);
        figures.put("readinessDownSecondsAfterStop", downAfter);
        figures.put("readinessUpSecondsAfterStart", upAfter);
        Figures.add("postgres-restart", figures);
    }

    @Test
    @Order(2)
    void ingestKilledMidLoad() {
        Fault f = new Fault("ingest-service SIGKILL mid-load, then restarted");
        Figures.add("ingest-sigkill", f.outage(() -> Suite.get().kill(ingest), 2000, ingest));
    }

    @Test
    @Order(3)
    void budgetKilledWhileConsumingTheFeed() {
        Fault f = new Fault("budget-service SIGKILL at random moments of a steady feed, twice");
        Random random = new Random();
        Instant faultAt = null;
        for (int i = 0; i < 2; i++) {
            sleep(3000 + random.nextInt(3000)); // the consumer polls every second: a page is often in flight
            faultAt = faultAt == null ? Instant.now() : faultAt;
            Suite.get().kill(budget);
            Suite.get().start(budget);
        }
        sleep(3000);
        Figures.add("budget-sigkill", f.finish(faultAt));
    }

    @Test
    @Order(4)
    void pricingDownIngestKeepsAcceptingAndPricesFromItsLastRateTable() {
        Fault f = new Fault("pricing-service stopped mid-load for 10 s");
        Map<String, Object> figures = f.outage(() -> Suite.get().stop(pricing), 10_000, pricing);
        assertEquals(0L, f.load.pricedAtZero.get(), "nothing priced at 0");
        assertEquals(0L, f.load.unpriced.get(), "priced from ingest's last rate table, not stored unpriced");
        figures.put("pricedAtZero", f.load.pricedAtZero.get());
        figures.put("unpriced", f.load.unpriced.get());
        figures.put("behaviour", "priced from ingest's last rate table");
        Figures.add("pricing-down", figures);
    }

    @Test
    @Order(5)
    void webhookReceiverDownThenBackGetsEachAlertExactlyOnce() {
        String team = unique("team");
        String name = unique("budget");
        WebhookReceiver receiver = new WebhookReceiver(WebhookReceiver.newSecret());
        try {
            SuiteApi.webhookChannel(receiver, List.of("budget_threshold"));
            receiver.stop();
            Instant downAt = Instant.now();
            String budgetId = SuiteApi.budget(Map.of("name", name, "scope", Map.of("team", team), "period",
                    "monthly", "amountUsd", 1, "alertAtPercent", List.of(20, 40, 60))).get("id").asText();
            String key = SuiteApi.key("ingest", team);
            // three spend updates of 0.25, 0.45 and 0.70 USD, each crossing one threshold (one update crossing
            // several sends only the highest: issue 18's coalescing)
            long spent = 0;
            for (int inputTokens : new int[] {250_000, 200_000, 250_000}) {
                SuiteApi.report(key, List.of(SuiteApi.event(SuiteApi.eventId(), model, inputTokens, 0, Map.of())));
                BigDecimal total = BigDecimal.valueOf(spent += inputTokens).movePointLeft(6);
                await("budget spend " + total, Duration.ofSeconds(30), () -> Http.get(url(budget, "/api/v1/budgets/"
                        + budgetId + "/status"), SuiteApi.admin()).json().get("spentUsd").decimalValue()
                        .compareTo(total) == 0);
            }
            sleep(10_000); // several failed attempts meanwhile
            receiver.start();
            Instant upAt = Instant.now();
            await("three alerts after the receiver is back", Duration.ofSeconds(60), () -> mine(receiver, name)
                    .stream().map(WebhookReceiver.Delivery::webhookId).distinct().count() == 3);
            double deliveredAfter = Duration.between(upAt, Instant.now()).toMillis() / 1000.0;
            sleep(5000);
            List<WebhookReceiver.Delivery> got = mine(receiver, name);
            long distinct = got.stream().map(WebhookReceiver.Delivery::webhookId).distinct().count();
            assertTrue(got.stream().allMatch(receiver::signatureValid), "signatures");
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("description", "webhook receiver down for 10 s while three thresholds are crossed");
            figures.put("alertsExpected", 3);
            figures.put("requestsReceived", got.size());
            figures.put("distinctWebhookIds", distinct);
            figures.put("lost", 3 - distinct);
            figures.put("duplicated", got.size() - distinct);
            figures.put("receiverDownSeconds", Duration.between(downAt, upAt).toMillis() / 1000.0);
            figures.put("recoverySeconds", deliveredAfter);
            Figures.add("webhook-receiver-down", figures);
            assertEquals(3, distinct);
            assertEquals(3, got.size(), "no alert observed twice");
        } finally {
            receiver.close();
        }
    }

    private static List<WebhookReceiver.Delivery> mine(WebhookReceiver receiver, String budgetName) {
        return receiver.received().stream().filter(d -> d.body().contains(budgetName)).toList();
    }

    private static double secondsUntil(Instant from, java.util.function.BooleanSupplier condition) {
        await("condition after the fault", Duration.ofSeconds(90), condition);
        return Duration.between(from, Instant.now()).toMillis() / 1000.0;
    }

    /** A fault scenario: a team with a budget, a load on it, and the checks every fault must pass. */
    private static final class Fault {
        final String description;
        final String team = unique("fault");
        final String head = SuiteApi.feedHead();
        final String budgetId;
        final Load load;

        Fault(String description) {
            this.description = description;
            this.budgetId = SuiteApi.budget(Map.of("name", unique("fault-budget"), "scope", Map.of("team", team),
                    "period", "monthly", "amountUsd", 1_000_000)).get("id").asText();
            this.load = new Load(team, model, CLIENTS);
        }

        /** After 6 s of load the service is taken down, stays down, is started again; 4 s more load. */
        Map<String, Object> outage(Runnable takeDown, long downMillis, FinopsSuite.Service service) {
            sleep(6000);
            Instant faultAt = Instant.now();
            takeDown.run();
            sleep(downMillis);
            Suite.get().start(service);
            sleep(4000);
            return finish(faultAt);
        }

        /** Ends the load, compares what ingest stored and what the consumers counted with what was acked. */
        Map<String, Object> finish(Instant faultAt) {
            load.close();
            Instant loadEnd = Instant.now();
            List<JsonNode> stored = SuiteApi.feedOfTeam(head, team);
            Map<String, Integer> copies = new HashMap<>();
            stored.forEach(e -> copies.merge(e.get("eventId").asText(), 1, Integer::sum));
            long lost = load.acked.keySet().stream().filter(id -> !copies.containsKey(id)).count();
            long duplicated = copies.values().stream().mapToInt(n -> n - 1).sum();
            Set<String> unacked = copies.keySet().stream().filter(id -> !load.acked.containsKey(id))
                    .collect(Collectors.toSet());
            BigDecimal storedCost = stored.stream().filter(e -> !e.get("costUsd").isNull())
                    .map(e -> e.get("costUsd").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);

            BigDecimal acked = load.ackedCost();
            double budgetCaughtUp = secondsUntil(loadEnd, () -> acked.compareTo(Http.get(url(budget,
                    "/api/v1/budgets/" + budgetId + "/status"), admin()).json().get("spentUsd").decimalValue()) == 0);
            double anomalyCaughtUp = secondsUntil(loadEnd, () -> acked.compareTo(anomalyWindowUsd()) == 0);

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("description", description);
            figures.put("clients", CLIENTS);
            figures.put("acked", load.acked.size());
            figures.put("stored", stored.size());
            figures.put("lost", lost);
            figures.put("duplicated", duplicated);
            figures.put("storedNotAcked", unacked.size());
            figures.put("failedAttempts", load.failedAttempts.get());
            figures.put("retriesAnsweredDuplicate", load.replayedAsDuplicate.get());
            figures.put("ackedUsd", acked);
            figures.put("storedUsd", storedCost);
            figures.put("recoverySeconds", load.recoverySeconds(faultAt));
            figures.put("budgetCaughtUpSeconds", budgetCaughtUp);
            figures.put("anomalyCaughtUpSeconds", anomalyCaughtUp);
            assertEquals(0, lost, "acknowledged events lost: " + figures);
            assertEquals(0, duplicated, "events stored twice: " + figures);
            assertEquals(load.acked.size(), stored.size(), figures.toString());
            assertEquals(0, acked.compareTo(storedCost), figures.toString());
            return figures;
        }

        /** USD of this team's sessions in anomaly-service's burn-rate windows. */
        BigDecimal anomalyWindowUsd() {
            JsonNode sessions = Http.get(url(anomaly, "/api/v1/finops/burn-rates/active"), admin()).json();
            return StreamSupport.stream(sessions.spliterator(), false)
                    .filter(s -> s.path("sessionId").asText().startsWith(team + "-s"))
                    .map(s -> s.get("windowUsd").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }
}

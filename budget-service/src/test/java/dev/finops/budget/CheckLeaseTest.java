package dev.finops.budget;

import static dev.finops.budget.Api.check;
import static dev.finops.budget.Api.decimal;
import static dev.finops.budget.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.finops.budget.UsageFeedStub.Usage;
import dev.finops.budget.config.BudgetConfig;
import dev.finops.budget.error.BudgetExhaustedException;
import dev.finops.budget.repository.ReservationRepository;
import dev.finops.budget.rest.CheckRequest;
import dev.finops.budget.service.CheckLeases;
import dev.finops.budget.service.CheckService;
import dev.finops.budget.service.EstimatePricer;
import dev.finops.budget.service.RunCeilings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Checks answered from leases far from the cap (defaults: a lease is 1 % of the hard limit, none above 90 %), exact
 * per-call reservations near it, and the cap never passed by two replicas holding leases.
 */
@QuarkusTest
@WithTestResource(IngestStub.class)
class CheckLeaseTest extends BudgetTestBase {

    @Inject
    ReservationRepository reservations;

    @TestHTTPResource("/api/v1/budgets/check")
    URI checkUri;

    private static final String LEASES = "finops_budget_check_reservations_total\\{[^}]*kind=\"lease\"[^}]*\\}";
    private static final String EXACT = "finops_budget_check_reservations_total\\{[^}]*kind=\"exact\"[^}]*\\}";

    @Inject
    CheckLeases leases;
    @Inject
    BudgetConfig config;
    @Inject
    MeterRegistry registry;
    @Inject
    RunCeilings runCeilings;
    @Inject
    EstimatePricer estimates;

    @Test
    void farFromTheCapFiftyChecksTakeTwoLeasesAndEachAnswerShowsTheRoomLeft() {
        String id = Api.teamBudget(admin, team, "monthly", "UTC", "1000", "100");
        snapshot.refresh().await().indefinitely();
        String workload = Api.key(ingest, "ingest", team);
        String before = MetricsTest.scrape();

        BigDecimal estimate = new BigDecimal("0.19");
        for (int i = 1; i <= 50; i++) {
            BigDecimal allowed = estimate.multiply(BigDecimal.valueOf(i));
            check(workload, "{\"estimatedCostUsd\":0.19,\"eventId\":\"" + unique("ev") + "\"}").statusCode(200)
                    .body("allowed", equalTo(true)).body("reservationId", nullValue())
                    .body(room(id) + "spentUsd", decimal("0"))
                    .body(room(id) + "reservedUsd", decimal(allowed.toString()))
                    .body(room(id) + "remainingUsd", decimal(new BigDecimal("1000").subtract(allowed).toString()));
        }

        // Leases of 1 % of the limit, no per-call reservation: the first, renewed once three quarters of it were
        // handed out, keeps only what it handed out reserved.
        List<String> rows = rows(id);
        assertEquals(2, rows.size(), rows::toString);
        assertTrue(rows.contains("lease 10") && rows.stream().allMatch(r -> r.startsWith("lease ")), rows::toString);
        BigDecimal handedOut = new BigDecimal(rows.get(rows.get(0).equals("lease 10") ? 1 : 0).substring(6));
        assertEquals(0, handedOut.remainder(estimate).signum(), rows::toString);
        assertEquals(0, new BigDecimal("10").add(handedOut).compareTo(Feeds.reserved(pool, UUID.fromString(id))));
        String after = MetricsTest.scrape();
        assertEquals(MetricsTest.value(before, LEASES) + 2, MetricsTest.value(after, LEASES), 1e-9);
        assertEquals(MetricsTest.value(before, EXACT), MetricsTest.value(after, EXACT), 1e-9);
    }

    @Test
    void nearTheCapEachCheckReservesItsEstimateUnderItsEventIdAndTheCapIsExact() {
        String id = Api.teamBudget(admin, team, "monthly", "UTC", "100", "100");
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), "88.5"));
        Feeds.drainAll(consumer);
        String workload = Api.key(ingest, "ingest", team);

        // 88.5 + a lease of 1 stays within 90 %: the first four checks of 0.25 come from it
        for (int i = 0; i < 4; i++) {
            check(workload, "{\"estimatedCostUsd\":0.25,\"eventId\":\"" + unique("ev") + "\"}").statusCode(200)
                    .body("reservationId", nullValue());
        }
        assertEquals(List.of("lease 1"), rows(id));
        // a second lease would pass 90 %: from now on each check reserves exactly, under its eventId
        String eventId = unique("ev");
        check(workload, "{\"estimatedCostUsd\":0.25,\"eventId\":\"" + eventId + "\"}").statusCode(200)
                .body("reservationId", notNullValue())
                .body(room(id) + "reservedUsd", decimal("1.25")).body(room(id) + "remainingUsd", decimal("10.25"));
        assertEquals(List.of(eventId + " 0.25", "lease 1"), rows(id));

        check(workload, "{\"estimatedCostUsd\":10.26}").statusCode(429).header("Retry-After", notNullValue())
                .body("spentUsd", decimal("88.5")).body("reservedUsd", decimal("1.25"))
                .body("limitUsd", decimal("100"));
        check(workload, "{\"estimatedCostUsd\":10.25}").statusCode(200).body(room(id) + "remainingUsd", decimal("0"));
        check(workload, "{\"estimatedCostUsd\":0.01}").statusCode(429);
    }

    @Test
    void twoHundredConcurrentChecksOnTwoReplicasHoldingLeasesNeverPassTheCap() throws Exception {
        String id = Api.teamBudget(admin, team, "monthly", "UTC", "100", "100");
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), "85"));
        Feeds.drainAll(consumer);
        String workload = Api.key(ingest, "ingest", team);
        check(workload, "{}").statusCode(200);  // the key is verified and cached before the race
        // A second replica: its own leases, the same database. Room for 150 checks of 0.1; leases up to 90.
        CheckLeases otherLeases = new CheckLeases(pool, snapshot, reservations, config, registry);
        CheckService other = new CheckService(pool, snapshot, reservations, config, registry, runCeilings, estimates,
                otherLeases);

        HttpClient http = HttpClient.newHttpClient();
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String eventId = unique("ev");
            calls.add(i % 2 == 0 ? () -> http.send(HttpRequest.newBuilder(checkUri)
                            .header("Authorization", "Bearer " + workload).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"estimatedCostUsd\":0.1,\"eventId\":\"" + eventId + "\"}")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200
                    : () -> allowedBy(other, eventId));
        }
        int allowed = 0;
        ExecutorService threads = Executors.newFixedThreadPool(50);
        try {
            for (Future<Boolean> f : threads.invokeAll(calls)) {
                allowed += f.get() ? 1 : 0;
            }
        } finally {
            threads.shutdownNow();
        }

        assertTrue(allowed <= 150, allowed + " checks of 0.1 allowed with room for 150");
        assertTrue(allowed >= 110, allowed + " allowed: leases kept too much room from the exact checks");
        List<String> rows = rows(id);
        long perCall = rows.stream().filter(r -> !r.startsWith("lease")).count();
        assertTrue(perCall < allowed, "every one of " + allowed + " allowed checks reserved on its own");
        // once both replicas retire their leases, what stays reserved is exactly what was allowed
        leases.retireAll().await().atMost(Duration.ofSeconds(10));
        otherLeases.retireAll().await().atMost(Duration.ofSeconds(10));
        assertEquals(0, new BigDecimal("0.1").multiply(BigDecimal.valueOf(allowed))
                .compareTo(Feeds.reserved(pool, UUID.fromString(id))), () -> "rows " + rows(id));
    }

    @Test
    void anEndedLeaseFreesWhatItDidNotHandOutAndWhatItDidWhenThatExpires() {
        String id = Api.teamBudget(admin, team, "monthly", "UTC", "1000", "100");
        snapshot.refresh().await().indefinitely();
        String workload = Api.key(ingest, "ingest", team);
        for (int i = 0; i < 3; i++) {
            check(workload, "{\"estimatedCostUsd\":0.5}").statusCode(200);
        }
        assertEquals(List.of("lease 10"), rows(id));

        Instant ended = Instant.now().plus(config.check().leaseTtl()).plusSeconds(1);
        leases.retireEnded(ended).await().atMost(Duration.ofSeconds(10));
        assertEquals(List.of("lease 1.5"), rows(id));  // the calls it allowed may still report their usage
        assertEquals(0, new BigDecimal("1.5").compareTo(Feeds.reserved(pool, UUID.fromString(id))));

        pool.withTransaction(tx -> reservations.releaseExpired(tx, ended.plus(config.check().leaseSettle())))
                .await().indefinitely();
        assertEquals(List.of(), rows(id));
        assertEquals(0, BigDecimal.ZERO.compareTo(Feeds.reserved(pool, UUID.fromString(id))));

        check(workload, "{\"estimatedCostUsd\":0.5}").statusCode(200)
                .body(room(id) + "reservedUsd", decimal("0.5")).body(room(id) + "remainingUsd", decimal("999.5"));
        assertEquals(List.of("lease 10"), rows(id));
    }

    private static String room(String budgetId) {
        return "budgets.find { it.budgetId == '" + budgetId + "' }.";
    }

    private boolean allowedBy(CheckService replica, String eventId) {
        try {
            replica.check(new CheckRequest(team, null, null, null, null, null, new BigDecimal("0.1"), null, null,
                    eventId, null), team).await().atMost(Duration.ofSeconds(30));
            return true;
        } catch (BudgetExhaustedException refused) {
            return false;
        }
    }

    /** The budget's reservation rows as "eventId amount" ("lease amount" without an event id), sorted. */
    private List<String> rows(String budgetId) {
        return pool.preparedQuery("SELECT coalesce(event_id, 'lease') || ' ' || trim_scale(amount_usd)::text AS r"
                        + " FROM reservations WHERE budget_id = $1 ORDER BY 1")
                .execute(Tuple.of(UUID.fromString(budgetId)))
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString("r")));
                    return out;
                }).await().indefinitely();
    }
}

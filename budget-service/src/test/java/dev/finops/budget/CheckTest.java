package dev.finops.budget;

import static dev.finops.budget.Api.as;
import static dev.finops.budget.Api.check;
import static dev.finops.budget.Api.decimal;
import static dev.finops.budget.Api.unique;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.finops.budget.UsageFeedStub.Usage;
import dev.finops.budget.repository.ReservationRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** POST /api/v1/budgets/check: 200 or 429 with Retry-After, exact at the cap under concurrency. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class CheckTest extends BudgetTestBase {

    @Inject
    ReservationRepository reservations;

    @TestHTTPResource("/api/v1/budgets/check")
    URI checkUri;

    @Test
    void withoutAnEstimateTheAnswerComesFromMemoryAndTurns429AtTheHardLimit() {
        String id = Api.teamBudget(admin, team, "daily", "UTC", "10", "100");
        String workload = Api.key(ingest, "ingest", team);
        check(workload, "{}").statusCode(200).body("allowed", equalTo(true))
                .body("budgets.find { it.budgetId == '" + id + "' }.remainingUsd", decimal("10"));

        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), "10.0000000001"));
        Feeds.drainAll(consumer);

        long untilMidnight = Duration.between(Instant.now(),
                LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds();
        check(workload, "{\"agentId\":\"a\"}").statusCode(429).contentType("application/problem+json")
                .header("Retry-After", Integer::parseInt,
                        allOf(greaterThan((int) untilMidnight - 5), lessThanOrEqualTo((int) untilMidnight + 2)))
                .body("status", equalTo(429)).body("budgetId", equalTo(id))
                .body("spentUsd", decimal("10.0000000001")).body("limitUsd", decimal("10"))
                .body("detail", containsString("refused until"));
        // another team is not affected
        check(Api.key(ingest, "ingest", unique("team")), "{}").statusCode(200);
    }

    @Test
    void aWorkloadKeyIsCheckedAgainstItsOwnTeamAndCannotNameAnother() {
        Api.teamBudget(admin, team, "daily", "UTC", "1", "100");
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), "1"));
        Feeds.drainAll(consumer);
        String workload = Api.key(ingest, "ingest", team);
        check(workload, "{\"teamId\":\"" + unique("someone-else") + "\"}").statusCode(403)
                .body("detail", containsString("bound to team '" + team + "'"));
        check(workload, "{}").statusCode(429);
        check(workload, "{\"teamId\":\"" + team + "\"}").statusCode(429);
        check(admin, "{\"teamId\":\"" + team + "\"}").statusCode(429);
    }

    @Test
    void fiftyConcurrentChecksAtABudgetWithRoomForFiveAllowExactlyFive() throws Exception {
        String id = Api.teamBudget(admin, team, "monthly", "UTC", "10", "100");
        snapshot.refresh().await().indefinitely();
        String workload = Api.key(ingest, "ingest", team);
        check(workload, "{}").statusCode(200);  // the key is verified and cached before the race

        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool50 = Executors.newFixedThreadPool(50);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String body = "{\"estimatedCostUsd\":2,\"eventId\":\"" + unique("ev") + "\"}";
            calls.add(() -> http.send(HttpRequest.newBuilder(checkUri).header("Authorization", "Bearer " + workload)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        int allowed = 0;
        int refused = 0;
        try {
            for (Future<Integer> f : pool50.invokeAll(calls)) {
                int status = f.get();
                allowed += status == 200 ? 1 : 0;
                refused += status == 429 ? 1 : 0;
            }
        } finally {
            pool50.shutdownNow();
        }
        assertEquals(5, allowed);
        assertEquals(45, refused);
        assertEquals(0, new BigDecimal("10").compareTo(reserved(UUID.fromString(id))));
    }

    @Test
    void aReservationHoldsRoomUntilItsUsageEventArrives() {
        String id = Api.teamBudget(admin, team, "daily", "UTC", "10", "100");
        snapshot.refresh().await().indefinitely();
        String workload = Api.key(ingest, "ingest", team);
        String eventId = unique("ev");
        check(workload, "{\"estimatedCostUsd\":6,\"eventId\":\"" + eventId + "\"}").statusCode(200)
                .body("reservationId", notNullValue())
                .body("budgets.find { it.budgetId == '" + id + "' }.reservedUsd", decimal("6"))
                .body("budgets.find { it.budgetId == '" + id + "' }.remainingUsd", decimal("4"));
        check(workload, "{\"estimatedCostUsd\":6}").statusCode(429).body("reservedUsd", decimal("6"))
                .body("estimatedCostUsd", decimal("6")).body("detail", containsString("smaller calls are still allowed"));

        UsageFeedStub.append(Usage.of(eventId, team, Instant.now(), "3"));  // the call cost less than estimated
        Feeds.drainAll(consumer);
        assertEquals(0, BigDecimal.ZERO.compareTo(reserved(UUID.fromString(id))));
        check(workload, "{\"estimatedCostUsd\":6}").statusCode(200)
                .body("budgets.find { it.budgetId == '" + id + "' }.spentUsd", decimal("3"));
        check(workload, "{\"estimatedCostUsd\":1.5}").statusCode(429);
    }

    @Test
    void anExpiredReservationGivesItsRoomBack() {
        String id = Api.teamBudget(admin, team, "daily", "UTC", "5", "100");
        snapshot.refresh().await().indefinitely();
        String workload = Api.key(ingest, "ingest", team);
        check(workload, "{\"estimatedCostUsd\":5}").statusCode(200);
        check(workload, "{\"estimatedCostUsd\":1}").statusCode(429);

        pool.withTransaction(tx -> reservations.releaseExpired(tx, Instant.now().plus(Duration.ofMinutes(11))))
                .await().indefinitely();
        assertEquals(0, BigDecimal.ZERO.compareTo(reserved(UUID.fromString(id))));
        check(workload, "{\"estimatedCostUsd\":5}").statusCode(200);
    }

    @Test
    void budgetsWithoutAHardLimitOrDisabledNeverRefuse() {
        Api.teamBudget(admin, team, "daily", "UTC", "1", null);
        Api.budget(admin, "{\"name\":\"" + unique("off") + "\",\"scope\":{\"team\":\"" + team + "\"},\"period\":\"daily\","
                + "\"amountUsd\":1,\"hardLimitPercent\":100,\"enabled\":false}");
        UsageFeedStub.append(Usage.of(unique("ev"), team, Instant.now(), "50"));
        Feeds.drainAll(consumer);
        check(Api.key(ingest, "ingest", team), "{\"estimatedCostUsd\":5}").statusCode(200);
    }

    @Test
    void aRunPastItsTokenCeilingIsRefusedWhileOtherRunsGoOn() {
        String id = Api.budget(admin, "{\"name\":\"" + unique("runs") + "\",\"scope\":{\"team\":\"" + team + "\"},"
                + "\"period\":\"monthly\",\"amountUsd\":1000,\"maxTokensPerRun\":50000}");
        String workload = Api.key(ingest, "ingest", team);
        String run = unique("run");
        UsageFeedStub.appendRun(team, run, 30_000, 10_000);
        Feeds.drainAll(consumer);
        check(workload, "{\"runId\":\"" + run + "\"}").statusCode(200);  // 40k of 50k

        UsageFeedStub.appendRun(team, run, 9_000, 1_000);
        UsageFeedStub.appendRun(unique("other-team"), run, 90_000, 0);  // not in the budget's scope
        Feeds.drainAll(consumer);
        check(workload, "{\"runId\":\"" + run + "\"}").statusCode(429).contentType("application/problem+json")
                .body("errors[0].field", equalTo("runId"))
                .body("detail", containsString("50000 tokens")).body("detail", containsString(id));
        check(workload, "{\"runId\":\"" + unique("run") + "\"}").statusCode(200);
        check(workload, "{}").statusCode(200);
        as(admin).body("{\"name\":\"x\",\"period\":\"daily\",\"amountUsd\":1,\"maxTokensPerRun\":0}")
                .post("/api/v1/budgets").then().statusCode(400).body("errors[0].field", equalTo("maxTokensPerRun"));
    }

    @Test
    void badChecksAre400NamingTheField() {
        String workload = Api.key(ingest, "ingest", team);
        check(workload, "{\"estimatedCostUsd\":-1}").statusCode(400).body("errors[0].field", equalTo("estimatedCostUsd"));
        check(workload, "{\"estimatedCostUsd\":\"two\"}").statusCode(400)
                .body("errors[0].field", equalTo("estimatedCostUsd"));
        as("nobody").body("{}").post("/api/v1/budgets/check").then().statusCode(401);
    }

    @Test
    void aTokenEstimateIsValuedByPricingAndReserved() {
        String id = Api.teamBudget(admin, team, "daily", "UTC", "1", "100");
        String workload = Api.key(ingest, "ingest", team);
        String model = unique("model");
        ingest.stubFor(WireMock.post("/api/v1/finops/quote")
                .withHeader("Authorization", WireMock.equalTo("Bearer test-service-key"))
                .withRequestBody(WireMock.equalToJson(
                        "{\"model\":\"" + model + "\",\"inputTokens\":2000,\"outputTokens\":500}"))
                .willReturn(WireMock.okJson(
                        "{\"modelId\":\"" + model + "\",\"rateVersion\":7,\"totalUsd\":0.0125}")));
        check(workload, "{\"model\":\"" + model + "\",\"estimatedInputTokens\":2000,\"estimatedOutputTokens\":500}")
                .statusCode(200).body("allowed", equalTo(true));
        assertEquals(0, new BigDecimal("0.0125").compareTo(reserved(UUID.fromString(id))));

        ingest.stubFor(WireMock.post("/api/v1/finops/quote")
                .withRequestBody(WireMock.matchingJsonPath("$.model",
                        WireMock.equalTo("no-such-model")))
                .willReturn(WireMock.aResponse().withStatus(422)));
        check(workload, "{\"model\":\"no-such-model\",\"estimatedInputTokens\":10}").statusCode(400)
                .body("errors[0].field", equalTo("model"));
        check(workload, "{\"estimatedInputTokens\":10}").statusCode(400).body("errors[0].field", equalTo("model"));
        check(workload, "{\"model\":\"m\",\"estimatedInputTokens\":-1}").statusCode(400)
                .body("errors[0].field", equalTo("estimatedInputTokens"));
        check(workload, "{\"model\":\"m\",\"estimatedInputTokens\":1,\"estimatedCostUsd\":0.1}").statusCode(400)
                .body("errors[0].field", equalTo("estimatedCostUsd"));
        ingest.stubFor(WireMock.post("/api/v1/finops/quote")
                .withRequestBody(WireMock.matchingJsonPath("$.model",
                        WireMock.equalTo("pricing-down")))
                .willReturn(WireMock.aResponse().withStatus(503)));
        check(workload, "{\"model\":\"pricing-down\",\"estimatedInputTokens\":10}").statusCode(503)
                .body("detail", containsString("estimatedCostUsd"));
    }

    private BigDecimal reserved(UUID budget) {
        return Feeds.reserved(pool, budget);
    }
}

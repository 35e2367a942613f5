package dev.finops.anomaly;

import static dev.finops.anomaly.Api.as;
import static dev.finops.anomaly.Api.decimal;
import static dev.finops.anomaly.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.anomaly.UsageFeedStub.Usage;
import dev.finops.anomaly.service.AnomalyFeedConsumer;
import dev.finops.anomaly.service.BaselineService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Manual baselines over the API, automatic ones from the trailing week's active hours. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class BaselineTest {

    private static final String BASELINES = "/api/v1/finops/baselines";

    @IngestStub.Server
    WireMockServer ingest;

    @Inject
    AnomalyFeedConsumer consumer;
    @Inject
    BaselineService service;
    @Inject
    TestClock clock;

    String admin;
    String agent;
    String team;
    Instant t0;

    @BeforeEach
    void setUp() {
        admin = Api.key(ingest, "admin", null);
        agent = unique("agent");
        team = unique("team");
        t0 = clock.era();
    }

    @Test
    void anAdminSetsReadsAndDeletesAManualBaselineKeptExactly() {
        as(admin).body("{\"baselineUsdPerHour\": 0.50}").put(BASELINES + "/" + agent).then().statusCode(200)
                .body("agentId", equalTo(agent)).body("baselineUsdPerHour", decimal("0.50"))
                .body("source", equalTo("manual"));
        as(admin).body("{\"baselineUsdPerHour\": 0.1234567890123}").put(BASELINES + "/" + agent).then().statusCode(200);
        baseline(agent).body("baselineUsdPerHour", equalTo(new java.math.BigDecimal("0.1234567890123")))
                .body("source", equalTo("manual"));

        as(admin).delete(BASELINES + "/" + agent).then().statusCode(204);
        baseline(agent).body("", nullValue());
        as(admin).delete(BASELINES + "/" + agent).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void badBaselinesAre400sNamingTheField() {
        for (String body : new String[] {"{}", "{\"baselineUsdPerHour\": 0}", "{\"baselineUsdPerHour\": -1.5}",
                "{\"baselineUsdPerHour\": \"lots\"}", "{\"baselineUsdPerHour\": null}"}) {
            as(admin).body(body).put(BASELINES + "/" + agent).then().statusCode(400)
                    .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString(
                            "baselineUsdPerHour")).body("errors[0].field", equalTo("baselineUsdPerHour"));
        }
        as(admin).body("not json").put(BASELINES + "/" + agent).then().statusCode(400)
                .contentType("application/problem+json");
        as(admin).put(BASELINES + "/" + agent).then().statusCode(400).contentType("application/problem+json");
        as(admin).body("{\"baselineUsdPerHour\": 1}").put(BASELINES + "/" + "x".repeat(201)).then().statusCode(400)
                .body("errors[0].field", equalTo("agentId"));
        baseline(agent).body("", nullValue());
    }

    @Test
    void onlyAdminsChangeBaselinesAndReadersSeeThem() {
        String reader = Api.key(ingest, "reader", null);
        as(reader).body("{\"baselineUsdPerHour\": 1}").put(BASELINES + "/" + agent).then().statusCode(403);
        as(reader).delete(BASELINES + "/" + agent).then().statusCode(403);
        as(admin).body("{\"baselineUsdPerHour\": 1}").put(BASELINES + "/" + agent).then().statusCode(200);
        as(reader).get(BASELINES).then().statusCode(200)
                .body("find { it.agentId == '" + agent + "' }.source", equalTo("manual"));
    }

    @Test
    void theAutomaticBaselineIsTheMedianOfTheTrailingWeeksActiveHoursAndYieldsToAManualOne() {
        // active hours within the last 7 days: 1, 2, 3, 100 (a runaway hour) -> median 2.5; idle hours do not count
        spendIn(t0.minus(Duration.ofDays(6)), "0.4", "0.6");
        spendIn(t0.minus(Duration.ofHours(30)), "2");
        spendIn(t0.minus(Duration.ofHours(5)), "3");
        spendIn(t0.minus(Duration.ofHours(2)), "60", "40");
        spendIn(t0.minus(Duration.ofDays(8)), "500");  // older than the lookback
        spendIn(t0, "900");                              // the current hour is not complete yet
        Api.drainAll(consumer);

        service.recompute().await().indefinitely();
        baseline(agent).body("baselineUsdPerHour", decimal("2.5")).body("source", equalTo("auto"))
                .body("activeHours", equalTo(4));

        as(admin).body("{\"baselineUsdPerHour\": 0.75}").put(BASELINES + "/" + agent).then().statusCode(200);
        service.recompute().await().indefinitely();
        baseline(agent).body("baselineUsdPerHour", decimal("0.75")).body("source", equalTo("manual"));

        as(admin).delete(BASELINES + "/" + agent).then().statusCode(204);
        baseline(agent).body("baselineUsdPerHour", decimal("2.5")).body("source", equalTo("auto"));

        clock.advance(Duration.ofHours(6 * 24 + 22));  // only the runaway hour and t0 remain: too little history
        service.recompute().await().indefinitely();
        baseline(agent).body("", nullValue());
    }

    private void spendIn(Instant hour, String... costs) {
        for (String cost : costs) {
            UsageFeedStub.append(Usage.call(team, agent, unique("s"), hour, cost, 10, 5));
        }
    }

    private ValidatableResponse baseline(String agentId) {
        return as(admin).get(BASELINES).then().statusCode(200).root("find { it.agentId == '" + agentId + "' }");
    }
}

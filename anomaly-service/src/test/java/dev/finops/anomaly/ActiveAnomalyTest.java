package dev.finops.anomaly;

import static dev.finops.anomaly.Api.as;
import static dev.finops.anomaly.Api.decimal;
import static dev.finops.anomaly.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.anomaly.UsageFeedStub.Usage;
import dev.finops.anomaly.service.AnomalyFeedConsumer;
import dev.finops.anomaly.service.BaselineService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Active session anomalies: the reference shape, the multiplier and its override, minimum data, []. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class ActiveAnomalyTest {

    private static final String ACTIVE = "/api/v1/finops/anomalies/active";
    /** Ten calls of a noisy but normal session: one spike, 0.30 USD in all (1.20/h, 2.4 x a 0.50 baseline). */
    private static final String[] NOISY = {"0.01", "0.01", "0.12", "0.02", "0.01", "0.03", "0.02", "0.04", "0.02", "0.02"};

    @IngestStub.Server
    WireMockServer ingest;

    @Inject
    AnomalyFeedConsumer consumer;
    @Inject
    BaselineService baselines;
    @Inject
    TestClock clock;

    String admin;
    String reader;
    String team;
    String agent;
    Instant t0;

    @BeforeEach
    void setUp() {
        admin = Api.key(ingest, "admin", null);
        reader = Api.key(ingest, "reader", null);
        team = unique("team");
        agent = unique("agent");
        t0 = clock.era();
        Api.drainAll(consumer);
    }

    @Test
    void aRunawaySessionIsFlaggedInTheReferenceShapeAndANoisyNormalOneIsNot() {
        baseline(agent, "0.50");
        String runaway = unique("s");
        String noisy = unique("s");
        for (int i = 0; i < 10; i++) {
            UsageFeedStub.append(Usage.call(team, agent, runaway, t0.plusSeconds(25L * i), "0.10", 4000, 4000));
            UsageFeedStub.append(Usage.call(team, agent, noisy, t0.plusSeconds(25L * i), NOISY[i], 40, 40));
        }
        clock.set(t0.plusSeconds(300));
        Api.drainAll(consumer);

        Map<String, Object> anomaly = as(reader).get(ACTIVE).then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].sessionId", equalTo(runaway))
                .body("[0].agentId", equalTo(agent))
                .body("[0].teamId", equalTo(team))
                .body("[0].burnRateUsdPerHour", decimal("4"))      // 1.00 USD in a 15-minute window
                .body("[0].baselineUsdPerHour", decimal("0.50"))
                .body("[0].anomalyRatio", decimal("8"))
                .body("[0].detectedAt", equalTo(t0.plusSeconds(300).toString()))
                .extract().path("[0]");
        assertEquals(Set.of("sessionId", "agentId", "burnRateUsdPerHour", "baselineUsdPerHour", "anomalyRatio",
                "detectedAt", "teamId"), anomaly.keySet());

        clock.advance(Duration.ofMinutes(2));  // still anomalous: detected when it was first seen
        as(reader).get(ACTIVE).then().body("[0].detectedAt", equalTo(t0.plusSeconds(300).toString()));
        clock.advance(Duration.ofMinutes(15));  // the session went quiet
        as(reader).get(ACTIVE).then().body("", hasSize(0));
    }

    @Test
    void anAgentsAnomalyPolicyRaisesItsLimitAndOnlyItsOwn() {
        baseline(agent, "0.50");
        String runaway = unique("s");
        for (int i = 0; i < 10; i++) {
            UsageFeedStub.append(Usage.call(team, agent, runaway, t0.plusSeconds(25L * i), "0.10", 4000, 4000));
        }
        clock.set(t0.plusSeconds(300));
        Api.drainAll(consumer);
        as(reader).get(ACTIVE).then().body("sessionId", org.hamcrest.Matchers.hasItem(runaway));  // 8x > 3x

        as(admin).body("{\"multiplier\": 10}").put("/api/v1/finops/anomaly-policies/" + agent).then().statusCode(200)
                .body("agentId", equalTo(agent)).body("multiplier", decimal("10"));
        as(reader).get(ACTIVE).then().body("sessionId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(runaway)));
        as(admin).body("{\"multiplier\": 0.5}").put("/api/v1/finops/anomaly-policies/" + agent).then().statusCode(400)
                .body("detail", equalTo("multiplier: must be at least 1 (a session at its baseline is not anomalous)"));

        as(admin).delete("/api/v1/finops/anomaly-policies/" + agent).then().statusCode(204);
        as(reader).get(ACTIVE).then().body("sessionId", org.hamcrest.Matchers.hasItem(runaway));
    }

    @Test
    void noAnomaliesIsAnEmptyArray() {
        String body = as(reader).get(ACTIVE).then().statusCode(200).extract().asString();
        assertEquals("[]", body);
    }

    @Test
    void oneExpensiveCallOrAFewCallsAreNotAnIncident() {
        baseline(agent, "0.50");
        String single = unique("s");
        String few = unique("s");
        UsageFeedStub.append(Usage.call(team, agent, single, t0, "5", 10, 5));  // 20 USD/h, but one call
        for (int i = 0; i < 4; i++) {
            UsageFeedStub.append(Usage.call(team, agent, few, t0, "1", 10, 5));  // 4 calls: below the minimum of 5
        }
        Api.drainAll(consumer);
        as(reader).get(ACTIVE).then().body("", hasSize(0));

        UsageFeedStub.append(Usage.call(team, agent, few, t0, "1", 10, 5));  // the fifth call
        Api.drainAll(consumer);
        as(reader).get(ACTIVE).then().body("sessionId", org.hamcrest.Matchers.contains(few))
                .body("[0].anomalyRatio", decimal("40"));
    }

    @Test
    void anAgentWithoutABaselineIsNeverFlagged() {
        String session = unique("s");
        for (int i = 0; i < 10; i++) {
            UsageFeedStub.append(Usage.call(team, agent, session, t0, "1", 10, 5));
        }
        Api.drainAll(consumer);
        as(reader).get(ACTIVE).then().body("", hasSize(0));
    }

    @Test
    void aPerAgentMultiplierOverridesTheDefault() {
        String patient = "patient-agent";  // finops.anomaly.agent-multiplier."patient-agent"=10 in the test profile
        baseline(patient, "0.50");
        String eightTimes = unique("s");
        for (int i = 0; i < 10; i++) {
            UsageFeedStub.append(Usage.call(team, patient, eightTimes, t0, "0.10", 10, 5));
        }
        Api.drainAll(consumer);
        as(reader).get(ACTIVE).then().body("", hasSize(0));

        for (int i = 0; i < 6; i++) {  // 1.60 USD in the window: 6.40/h, 12.8 x
            UsageFeedStub.append(Usage.call(team, patient, eightTimes, t0, "0.10", 10, 5));
        }
        Api.drainAll(consumer);
        as(reader).get(ACTIVE).then().body("sessionId", org.hamcrest.Matchers.contains(eightTimes))
                .body("[0].anomalyRatio", decimal("12.8"));
    }

    @Test
    void theAutomaticBaselineAppliesWhereNoManualOneIsSet() {
        for (int h = 1; h <= 3; h++) {  // three active hours of 0.25 USD each
            UsageFeedStub.append(Usage.call(team, agent, unique("s"), t0.minus(Duration.ofHours(h)), "0.25", 10, 5));
        }
        Api.drainAll(consumer);
        baselines.recompute().await().indefinitely();
        String session = unique("s");
        for (int i = 0; i < 5; i++) {  // 0.50 USD in the window: 2.00/h, 8 x
            UsageFeedStub.append(Usage.call(team, agent, session, t0, "0.10", 10, 5));
        }
        Api.drainAll(consumer);
        as(reader).get(ACTIVE).then().body("sessionId", org.hamcrest.Matchers.contains(session))
                .body("[0].baselineUsdPerHour", decimal("0.25")).body("[0].anomalyRatio", decimal("8"));
    }

    @Test
    void activeAnomaliesNeedAReaderKey() {
        io.restassured.RestAssured.given().get(ACTIVE).then().statusCode(401);
        // a workload key reads its own team's anomalies (ingest keys hold reader since 0019), never another's
        as(Api.key(ingest, "ingest", team)).get(ACTIVE).then().statusCode(200)
                .body("teamId", org.hamcrest.Matchers.everyItem(equalTo(team)));
    }

    private void baseline(String agentId, String usdPerHour) {
        as(admin).body("{\"baselineUsdPerHour\": " + usdPerHour + "}").put("/api/v1/finops/baselines/" + agentId)
                .then().statusCode(200);
    }
}

package dev.finops.anomaly;

import static dev.finops.anomaly.Api.as;
import static dev.finops.anomaly.Api.decimal;
import static dev.finops.anomaly.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.anomaly.UsageFeedStub.Usage;
import dev.finops.anomaly.service.AnomalyFeedConsumer;
import dev.finops.anomaly.service.DetectorRunner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Teams as tenants: a team-bound key reads its own team's burn rates, anomalies, baselines and policies only, and a
 * team-admin changes only its own team's agents; every change to a baseline or policy is in the audit trail.
 */
@QuarkusTest
@WithTestResource(IngestStub.class)
class TeamScopeTest {

    private static final String HISTORY = "/api/v1/finops/anomalies";
    private static final String AUDIT = "/api/v1/audit";

    @IngestStub.Server
    WireMockServer ingest;

    @Inject
    AnomalyFeedConsumer consumer;
    @Inject
    DetectorRunner detectors;
    @Inject
    TestClock clock;

    String teamA;
    String teamB;
    String agentA;
    String agentB;
    Instant t0;

    @BeforeEach
    void setUp() {
        teamA = unique("team-a");
        teamB = unique("team-b");
        agentA = unique("agent-a");
        agentB = unique("agent-b");
        t0 = clock.era();
        Api.drainAll(consumer);
    }

    @Test
    void aTeamKeySeesItsOwnTeamsAnomaliesAndNotAnothers() {
        failing(teamA, agentA);
        failing(teamB, agentB);
        Api.drainAll(consumer);
        detectors.runAll().await().atMost(Duration.ofSeconds(60));

        String readerA = Api.key(ingest, "reader", teamA);
        String ingestB = Api.key(ingest, "ingest", teamB);
        String org = Api.key(ingest, "reader", null);
        var window = as(org).queryParam("from", t0.minusSeconds(60).toString())
                .queryParam("to", t0.plusSeconds(3600).toString());
        String idA = window.get(HISTORY).then().statusCode(200)
                .body("find { it.agentId == '" + agentA + "' }.teamId", equalTo(teamA))
                .body("find { it.agentId == '" + agentB + "' }.teamId", equalTo(teamB))
                .extract().path("find { it.agentId == '" + agentA + "' }.id");

        as(readerA).queryParam("from", t0.minusSeconds(60).toString()).get(HISTORY).then().statusCode(200)
                .body("agentId", hasItem(agentA)).body("agentId", not(hasItem(agentB)))
                // org-level episodes (the org's daily spend) and other teams' are not a team's to see
                .body("teamId", everyItem(equalTo(teamA)));
        as(readerA).queryParam("teamId", teamB).get(HISTORY).then().statusCode(403)
                .body("detail", containsString("bound to team '" + teamA + "'"));
        as(readerA).get(HISTORY + "/" + idA).then().statusCode(200).body("agentId", equalTo(agentA));
        as(ingestB).get(HISTORY + "/" + idA).then().statusCode(404);
        as(org).queryParam("teamId", teamB).queryParam("from", t0.minusSeconds(60).toString()).get(HISTORY).then()
                .statusCode(200).body("agentId", hasItem(agentB)).body("teamId", everyItem(equalTo(teamB)));
    }

    @Test
    void burnRatesAndActiveAnomaliesAreTheTeamsOwn() {
        String sessionA = unique("s");
        String sessionB = unique("s");
        for (int i = 0; i < 10; i++) {
            UsageFeedStub.append(Usage.call(teamA, agentA, sessionA, t0.plusSeconds(25L * i), "0.10", 4000, 4000));
            UsageFeedStub.append(Usage.call(teamB, agentB, sessionB, t0.plusSeconds(25L * i), "0.10", 4000, 4000));
        }
        clock.set(t0.plusSeconds(300));
        Api.drainAll(consumer);
        String admin = Api.key(ingest, "admin", null);
        as(admin).body("{\"baselineUsdPerHour\": 0.5}").put("/api/v1/finops/baselines/" + agentA).then().statusCode(200);
        as(admin).body("{\"baselineUsdPerHour\": 0.5}").put("/api/v1/finops/baselines/" + agentB).then().statusCode(200);

        String ingestA = Api.key(ingest, "ingest", teamA);
        as(ingestA).get("/api/v1/finops/burn-rates/active").then().statusCode(200)
                .body("sessionId", hasItem(sessionA)).body("sessionId", not(hasItem(sessionB)))
                .body("teamId", everyItem(equalTo(teamA)));
        as(ingestA).queryParam("teamId", teamB).get("/api/v1/finops/burn-rates/active").then().statusCode(403);
        as(ingestA).get(HISTORY + "/active").then().statusCode(200)
                .body("find { it.sessionId == '" + sessionA + "' }.anomalyRatio", decimal("8"))
                .body("sessionId", not(hasItem(sessionB)));
        as(ingestA).queryParam("teamId", teamB).get(HISTORY + "/active").then().statusCode(403);
        as(Api.key(ingest, "reader", null)).queryParam("teamId", teamB).get(HISTORY + "/active").then()
                .statusCode(200).body("sessionId", hasItem(sessionB)).body("sessionId", not(hasItem(sessionA)));
    }

    @Test
    void aTeamAdminSetsBaselinesOfItsOwnTeamsAgentsOnlyAndEveryChangeIsAudited() {
        UsageFeedStub.append(Usage.call(teamA, agentA, null, t0, "0.01", 10, 10));
        UsageFeedStub.append(Usage.call(teamB, agentB, null, t0, "0.01", 10, 10));
        Api.drainAll(consumer);
        String adminA = Api.key(ingest, "team-admin", teamA);
        String adminB = Api.key(ingest, "team-admin", teamB);

        as(adminA).body("{\"baselineUsdPerHour\": 0.50}").put("/api/v1/finops/baselines/" + agentA).then()
                .statusCode(200).body("teamId", equalTo(teamA));
        as(adminA).body("{\"baselineUsdPerHour\": 0.75}").put("/api/v1/finops/baselines/" + agentA).then()
                .statusCode(200).body("baselineUsdPerHour", decimal("0.75"));
        // another team's agent is none of its business: as if absent
        as(adminA).body("{\"baselineUsdPerHour\": 9}").put("/api/v1/finops/baselines/" + agentB).then().statusCode(404);
        as(adminA).delete("/api/v1/finops/baselines/" + agentB).then().statusCode(404);
        // an agent the feed does not know yet is the team's that sets it first
        String fresh = unique("agent");
        as(adminB).body("{\"baselineUsdPerHour\": 1}").put("/api/v1/finops/baselines/" + fresh).then()
                .statusCode(200).body("teamId", equalTo(teamB));
        as(adminA).body("{\"baselineUsdPerHour\": 2}").put("/api/v1/finops/baselines/" + fresh).then().statusCode(404);
        as(Api.key(ingest, "reader", teamA)).body("{\"baselineUsdPerHour\": 2}")
                .put("/api/v1/finops/baselines/" + agentA).then().statusCode(403);
        as(Api.key(ingest, "reader", teamA)).get("/api/v1/finops/baselines").then().statusCode(200)
                .body("agentId", hasItem(agentA)).body("agentId", not(hasItem(fresh)))
                .body("teamId", everyItem(equalTo(teamA)));

        as(adminA).body("{\"multiplier\": 5}").put("/api/v1/finops/anomaly-policies/" + agentA).then()
                .statusCode(200).body("teamId", equalTo(teamA));
        as(adminB).get("/api/v1/finops/anomaly-policies/" + agentA).then().statusCode(404);
        as(adminB).body("{\"multiplier\": 6}").put("/api/v1/finops/anomaly-policies/" + agentA).then().statusCode(404);
        as(adminA).delete("/api/v1/finops/anomaly-policies/" + agentA).then().statusCode(204);

        String target = "findAll { it.target == '" + agentA + "' }";
        as(adminA).queryParam("kind", "baseline").get(AUDIT).then().statusCode(200)
                .body(target + ".action", equalTo(java.util.List.of("update", "create")))
                .body(target + "[0].before.baselineUsdPerHour", decimal("0.50"))
                .body(target + "[0].after.baselineUsdPerHour", decimal("0.75"))
                .body(target + "[0].teamId", equalTo(teamA))
                .body(target + "[1].before", nullValue())
                .body(target + "[0].actor", equalTo("key:name-" + adminA));
        as(adminA).queryParam("kind", "anomaly-policy").get(AUDIT).then().statusCode(200)
                .body(target + ".action", equalTo(java.util.List.of("delete", "create")))
                .body(target + "[0].before.multiplier", decimal("5"));
        as(adminB).queryParam("kind", "baseline").get(AUDIT).then().statusCode(200)
                .body(target, empty()).body("teamId", everyItem(equalTo(teamB)));
        as(Api.key(ingest, "admin", null)).queryParam("kind", "baseline").get(AUDIT).then().statusCode(200)
                .body("findAll { it.target == '" + fresh + "' }", hasSize(1));
    }

    /** 10 of 20 calls failing now: an error_rate anomaly of the agent. */
    private void failing(String team, String agent) {
        for (int i = 0; i < 20; i++) {
            Usage call = Usage.call(team, agent, null, t0.plusSeconds(i), "0.01", 100, 10);
            UsageFeedStub.append(i < 10 ? call.failed() : call);
        }
    }
}

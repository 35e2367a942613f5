package dev.finops.anomaly;

import static dev.finops.anomaly.Api.as;
import static dev.finops.anomaly.Api.decimal;
import static dev.finops.anomaly.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.anomaly.UsageFeedStub.Usage;
import dev.finops.anomaly.service.AnomalyFeedConsumer;
import dev.finops.anomaly.service.DetectorRunner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each scheduled detector fires on the pattern it is for and stays quiet on a noisy-but-normal stream. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class DetectorTest {

    private static final String HISTORY = "/api/v1/finops/anomalies";

    @IngestStub.Server
    WireMockServer ingest;

    @Inject
    AnomalyFeedConsumer consumer;
    @Inject
    DetectorRunner detectors;
    @Inject
    TestClock clock;

    String reader;
    Instant t0;

    @BeforeEach
    void setUp() {
        reader = Api.key(ingest, "reader", null);
        t0 = clock.era();  // 10:00 UTC
    }

    @Test
    void dailySpendAbove150PercentOfTheRollingAverageFiresForTeamAndAgent() {
        String spiky = unique("team");
        String normal = unique("team");
        String[] week = {"8", "12", "9", "11", "10", "13", "7"};  // 70 USD: 10 a day on average, noisy
        for (int day = 1; day <= 7; day++) {
            spend(spiky, spiky + "-agent", t0.minus(Duration.ofDays(day)).plus(Duration.ofHours(2)), week[day - 1]);
            spend(normal, normal + "-agent", t0.minus(Duration.ofDays(day)).plus(Duration.ofHours(2)), week[day - 1]);
        }
        spend(spiky, spiky + "-agent", t0.minus(Duration.ofHours(1)), "16");   // 1.6 x
        spend(normal, normal + "-agent", t0.minus(Duration.ofHours(1)), "14"); // 1.4 x: a busy but normal day
        runDetectors();

        ValidatableResponse found = history("daily_spend");
        found.body("findAll { it.scopeId == '" + spiky + "' }", hasSize(1));
        subject(found, spiky).body("scope", equalTo("team")).body("teamId", equalTo(spiky)).body("state", equalTo("open"))
                .body("observed", decimal("16")).body("expected", decimal("10")).body("ratio", decimal("1.6"))
                .body("threshold", decimal("1.5")).body("firstSeen", equalTo(t0.toString()))
                .body("explanation", containsString("1.6x its 7-day daily average of 10 USD"));
        subject(found, spiky + "-agent").body("agentId", equalTo(spiky + "-agent")).body("ratio", decimal("1.6"));
        subject(found, normal).body("", nullValue());
        subject(found, normal + "-agent").body("", nullValue());
        // the org: 30 USD against 20 a day is exactly 1.5 x, not above (episodes of other tests' eras may overlap)
        found.body("findAll { it.scopeId == '*' && it.firstSeen == '" + t0 + "' }", hasSize(0));
    }

    @Test
    void anAgentsHourAbove3xTheMeanOfItsActiveHoursFires() {
        String spiking = unique("agent");
        String busy = unique("agent");
        String[] usual = {"0.8", "1.2", "1.0", "0.6", "1.4"};  // mean 1.0
        for (int i = 0; i < 20; i++) {
            Instant hour = t0.minus(Duration.ofHours(2 + 7L * i));
            spend("team-x", spiking, hour, usual[i % 5]);
            spend("team-x", busy, hour, usual[i % 5]);
        }
        spend("team-x", spiking, t0.plusSeconds(300), "3.5");
        spend("team-x", busy, t0.minus(Duration.ofMinutes(30)), "1.4");  // last hour busy, this hour more: 2.8 x
        spend("team-x", busy, t0.plusSeconds(300), "2.8");
        runDetectors();

        ValidatableResponse found = history("agent_hourly_cost");
        subject(found, spiking).body("ratio", decimal("3.5")).body("observed", decimal("3.5"))
                .body("expected", decimal("1")).body("state", equalTo("open"));
        subject(found, busy).body("", nullValue());
    }

    @Test
    void tokensPerCallMoreThanDoubleTheAgentsAverageFires() {
        String blownUp = unique("agent");
        String noisy = unique("agent");
        for (int i = 0; i < 40; i++) {
            Instant at = t0.minus(Duration.ofHours(3 + i % 48));
            UsageFeedStub.append(Usage.call("team-t", blownUp, null, at, "0.01", 500, 500));
            UsageFeedStub.append(Usage.call("team-t", noisy, null, at, "0.01", i % 2 == 0 ? 400 : 800, 400));
        }
        for (int i = 0; i < 20; i++) {
            Instant at = t0.minus(Duration.ofMinutes(50)).plus(Duration.ofMinutes(2L * i));
            UsageFeedStub.append(Usage.call("team-t", blownUp, null, at, "0.01", 2000, 500));  // 2500: 2.5 x
            UsageFeedStub.append(Usage.call("team-t", noisy, null, at, "0.01", i % 2 == 0 ? 100 : 2500, 400));  // 1.5 x
        }
        runDetectors();

        ValidatableResponse found = history("tokens_per_call");
        subject(found, blownUp).body("observed", decimal("2500")).body("expected", decimal("1000"))
                .body("ratio", decimal("2.5")).body("explanation", containsString("prompt or retrieval"));
        subject(found, noisy).body("", nullValue());
    }

    @Test
    void anErrorRateAboveTheThresholdFiresWhileOccasionalFailuresDoNot() {
        String failing = unique("agent");
        String flaky = unique("agent");
        for (int i = 0; i < 20; i++) {
            Instant at = t0.minus(Duration.ofMinutes(40)).plus(Duration.ofMinutes(3L * i));
            Usage call = Usage.call("team-e", failing, null, at, "0.02", 100, 10);
            UsageFeedStub.append(i % 10 < 3 ? call.failed() : call);                  // 6 of 20: 30%
            Usage other = Usage.call("team-e", flaky, null, at, "0.02", 100, 10);
            UsageFeedStub.append(i == 2 || i == 9 || i == 17 ? other.failed() : other);  // 3 of 20: 15%
        }
        runDetectors();

        ValidatableResponse found = history("error_rate");
        subject(found, failing).body("observed", decimal("0.3")).body("expected", decimal("0.2"))
                .body("ratio", decimal("1.5")).body("explanation", containsString("failed 6 of 20 calls"));
        subject(found, flaky).body("", nullValue());
    }

    @Test
    void weekOverWeekGrowthAbove30PercentFiresByTeamAndFeature() {
        String growing = unique("team");
        String steady = unique("team");
        for (int day = 1; day <= 5; day++) {  // 100 USD each previous week, spread unevenly
            spend(growing, unique("agent"), t0.minus(Duration.ofDays(7 + day)), day == 3 ? "40" : "15");
            spend(steady, unique("agent"), t0.minus(Duration.ofDays(7 + day)), day == 2 ? "36" : "16");
            spend(growing, unique("agent"), t0.minus(Duration.ofDays(day)), day == 1 ? "60" : "20");  // 140: +40%
            spend(steady, unique("agent"), t0.minus(Duration.ofDays(day)), day == 4 ? "40" : "20");   // 120: +20%
        }
        runDetectors();

        ValidatableResponse found = history("weekly_growth");
        subject(found, growing).body("scope", equalTo("team")).body("observed", decimal("140"))
                .body("expected", decimal("100")).body("ratio", decimal("1.4"));
        subject(found, "feature-" + growing).body("scope", equalTo("feature")).body("ratio", decimal("1.4"));
        subject(found, steady).body("", nullValue());
        subject(found, "feature-" + steady).body("", nullValue());
    }

    @Test
    void anAnomalyStaysOpenInTheHysteresisBandAndResolvesOnlyAfterClearingForLongEnough() {
        String agent = unique("agent");
        for (int i = 0; i < 20; i++) {
            Usage call = Usage.call("team-h", agent, null, t0.plusSeconds(i), "0.01", 100, 10);
            UsageFeedStub.append(i < 6 ? call.failed() : call);  // 30%
        }
        runDetectors();
        String id = openErrorRate(agent).body("state", equalTo("open")).extract().path("[0].id");  // extract ignores root

        calls(agent, 10);  // 6 of 30 = 20%: no longer above the limit, but above the clear level of 16%
        clock.advance(Duration.ofMinutes(15));
        runDetectors();
        openErrorRate(agent).body("id", equalTo(id)).body("state", equalTo("open"))
                .body("lastSeen", equalTo(t0.toString())).body("peakRatio", decimal("1.5"));

        calls(agent, 20);  // 6 of 50 = 12%: clear
        clock.advance(Duration.ofMinutes(5));
        runDetectors();
        clock.advance(Duration.ofMinutes(9));
        runDetectors();
        openErrorRate(agent).body("state", equalTo("open"));  // clear for 9 minutes only

        clock.advance(Duration.ofMinutes(1));
        runDetectors();
        openErrorRate(agent).body("id", equalTo(id)).body("state", equalTo("resolved"))
                .body("resolvedAt", equalTo(t0.plus(Duration.ofMinutes(30)).toString()))
                .body("peakRatio", decimal("1.5"));
        as(reader).get(HISTORY + "?state=open&type=error_rate&agentId=" + agent + "&from=" + t0.minus(Duration.ofHours(1))
                + "&to=" + clock.instant()).then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void aRunawaySessionIsRecordedInTheHistoryAndResolvesAfterItStops() {
        String agent = unique("agent");
        String session = unique("s");
        as(Api.key(ingest, "admin", null)).body("{\"baselineUsdPerHour\": 0.50}")
                .put("/api/v1/finops/baselines/" + agent).then().statusCode(200);
        for (int i = 0; i < 10; i++) {
            UsageFeedStub.append(Usage.call("team-s", agent, session, t0.plusSeconds(20L * i), "0.10", 100, 10));
        }
        clock.set(t0.plusSeconds(300));
        runDetectors();
        subject(history("session_burn_rate"), session).body("state", equalTo("open")).body("scope", equalTo("session"))
                .body("agentId", equalTo(agent)).body("teamId", equalTo("team-s")).body("observed", decimal("4"))
                .body("expected", decimal("0.50")).body("ratio", decimal("8")).body("threshold", decimal("3"));

        clock.advance(Duration.ofMinutes(20));  // the session stopped: its window is empty
        runDetectors();
        subject(history("session_burn_rate"), session).body("state", equalTo("open"));
        clock.advance(Duration.ofMinutes(10));
        runDetectors();
        subject(history("session_burn_rate"), session).body("state", equalTo("resolved"))
                .body("peakRatio", decimal("8"));
    }

    @Test
    void theHistoryValidatesItsQuery() {
        for (String[] bad : new String[][] {{"from=yesterday", "from"}, {"to=2026-13-01T00:00:00Z", "to"},
                {"type=spike", "type"}, {"state=closed", "state"}, {"limit=0", "limit"}, {"limit=ten", "limit"},
                {"from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from"}}) {
            as(reader).get(HISTORY + "?" + bad[0]).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo(bad[1]));
        }
        given().get(HISTORY).then().statusCode(401);
        // a workload key reads its own team's history (ingest keys hold reader since 0019), never another's
        as(Api.key(ingest, "ingest", "t")).get(HISTORY).then().statusCode(200)
                .body("teamId", org.hamcrest.Matchers.everyItem(equalTo("t")));
    }

    @Test
    void detectorRunsOpenAnomaliesAndFeedLagAreMetrics() {
        String agent = unique("agent");
        for (int i = 0; i < 20; i++) {
            Usage call = Usage.call("team-m", agent, null, t0.plusSeconds(i), "0.01", 100, 10);
            UsageFeedStub.append(i < 10 ? call.failed() : call);
        }
        runDetectors();
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("finops_anomaly_detector_runs_seconds_count{detector=\"error_rate\""))
                .body(containsString("finops_anomaly_open{type=\"error_rate\"}"))
                .body(not(containsString("finops_anomaly_open{type=\"error_rate\"} 0.0")))
                .body(containsString("finops_anomaly_open_max_ratio{type=\"error_rate\"}"))
                .body(containsString("finops_anomaly_feed_lag_seconds"))
                .body(containsString("finops_anomaly_active{type=\"session_burn_rate\"}"));
    }

    private void spend(String team, String agent, Instant at, String usd) {
        UsageFeedStub.append(Usage.call(team, agent, null, at, usd, 100, 10));
    }

    private void calls(String agent, int n) {
        for (int i = 0; i < n; i++) {
            UsageFeedStub.append(Usage.call("team-h", agent, null, t0.plusSeconds(30 + i), "0.01", 100, 10));
        }
    }

    private void runDetectors() {
        Api.drainAll(consumer);
        detectors.runAll().await().atMost(Duration.ofSeconds(60));
    }

    private ValidatableResponse history(String type) {
        return as(reader).get(HISTORY + "?type=" + type + "&from=" + t0.minus(Duration.ofHours(1)) + "&to="
                + clock.instant().plus(Duration.ofHours(1)) + "&limit=1000").then().statusCode(200);
    }

    private ValidatableResponse openErrorRate(String agent) {
        return as(reader).get(HISTORY + "?type=error_rate&agentId=" + agent + "&from=" + t0.minus(Duration.ofHours(1))
                + "&to=" + clock.instant()).then().statusCode(200).body("", hasSize(1)).root("[0]");
    }

    private static ValidatableResponse subject(ValidatableResponse found, String scopeId) {
        return found.root("find { it.scopeId == '" + scopeId + "' }");
    }
}

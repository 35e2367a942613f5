package dev.finops.anomaly;

import static dev.finops.anomaly.Api.as;
import static dev.finops.anomaly.Api.decimal;
import static dev.finops.anomaly.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.anomaly.UsageFeedStub.Usage;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.feed.FeedConsumer;
import dev.finops.feed.FeedCursorRepository;
import dev.finops.feed.UsageFeedClient;
import dev.finops.anomaly.repository.SessionMinuteRepository;
import dev.finops.anomaly.service.AnomalyFeedConsumer;
import dev.finops.anomaly.service.BurnRateWindows;
import dev.finops.anomaly.service.UsageRecorder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sliding burn-rate windows per session from the usage feed: sums, sliding, rebuild, crash safety, one consumer. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class BurnRateTest {

    private static final String ACTIVE = "/api/v1/finops/burn-rates/active";

    @IngestStub.Server
    WireMockServer ingest;

    @Inject
    AnomalyFeedConsumer consumer;
    @Inject
    TestClock clock;
    @Inject
    Pool pool;
    @Inject
    SessionMinuteRepository minutes;
    @Inject
    BurnRateWindows windows;
    @Inject
    AnomalyConfig config;
    @Inject
    @RestClient
    UsageFeedClient feed;
    @Inject
    FeedCursorRepository cursors;
    @Inject
    UsageRecorder recorder;

    String reader;
    String team;
    String agent;
    Instant t0;

    @BeforeEach
    void setUp() {
        reader = Api.key(ingest, "reader", null);
        team = unique("team");
        agent = unique("agent");
        t0 = clock.era();
        Api.drainAll(consumer);
    }

    @Test
    void aSessionsWindowSumsItsSpendCountsCallsAndScalesToAnHour() {
        String session = unique("s");
        Usage first = Usage.call(team, agent, session, t0, "0.10", 100, 50);
        UsageFeedStub.append(first);
        UsageFeedStub.append(Usage.call(team, agent, session, t0.plusSeconds(120), "0.05", 10, 5));
        UsageFeedStub.append(Usage.call(team, agent, session, t0.plusSeconds(180), null, 10, 5));  // unpriced: a call, no USD
        UsageFeedStub.append(first.revaluedBy("0.01"));  // a correction, not a call
        UsageFeedStub.append(Usage.call(team, agent, session, t0.plusSeconds(241), "0.02", 10, 5).failed());
        clock.set(t0.plusSeconds(300));
        Api.drainAll(consumer);

        Map<String, Object> entry = as(reader).get(ACTIVE).then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].sessionId", equalTo(session))
                .body("[0].agentId", equalTo(agent))
                .body("[0].teamId", equalTo(team))
                .body("[0].windowUsd", decimal("0.18"))
                .body("[0].burnRateUsdPerHour", decimal("0.72"))  // 15-minute window: x4
                .body("[0].calls", equalTo(4))
                .body("[0].windowStart", equalTo(t0.minusSeconds(540).toString()))  // minutes 09:51 .. 10:05
                .body("[0].lastEventAt", equalTo(t0.plusSeconds(241).toString()))
                .extract().path("[0]");
        assertEquals(java.util.Set.of("sessionId", "agentId", "teamId", "windowUsd", "burnRateUsdPerHour", "windowStart",
                "lastEventAt", "calls"), entry.keySet());
        BurnRate rate = windows.active().get(0);
        assertEquals(0, new java.math.BigDecimal("48.75").compareTo(rate.tokensPerCall()));  // 195 tokens / 4 calls
        assertEquals(1, rate.errors());
    }

    @Test
    void theWindowSlidesOldMinutesOutAndAnIdleSessionIsNoLongerActive() {
        String session = unique("s");
        UsageFeedStub.append(Usage.call(team, agent, session, t0, "1", 10, 5));
        UsageFeedStub.append(Usage.call(team, agent, session, t0.plus(Duration.ofMinutes(10)), "2", 10, 5));
        Api.drainAll(consumer);

        clock.set(t0.plus(Duration.ofMinutes(10)));
        as(reader).get(ACTIVE).then().body("[0].windowUsd", decimal("3")).body("[0].calls", equalTo(2));
        clock.set(t0.plus(Duration.ofMinutes(15)));  // the minute of t0 has left the 15-minute window
        as(reader).get(ACTIVE).then().body("[0].windowUsd", decimal("2")).body("[0].burnRateUsdPerHour", decimal("8"))
                .body("[0].calls", equalTo(1));
        clock.set(t0.plus(Duration.ofMinutes(25)));
        as(reader).get(ACTIVE).then().statusCode(200).body("", empty());
    }

    @Test
    void theRunStandsInForAMissingSessionAndUsageOfNeitherHasNoWindow() {
        String run = unique("run");
        UsageFeedStub.append(Usage.call(team, agent, null, t0, "0.5", 10, 5).inRun(run));
        UsageFeedStub.append(Usage.call(team, agent, null, t0, "0.7", 10, 5));
        UsageFeedStub.append(Usage.call(team, agent, unique("s"), t0, "0.1", 10, 5));
        Api.drainAll(consumer);

        as(reader).get(ACTIVE).then().body("sessionId", org.hamcrest.Matchers.hasSize(2))
                .body("find { it.sessionId == '" + run + "' }.windowUsd", decimal("0.5"));
    }

    @Test
    void aRestartedReplicaRebuildsTheWindowsFromPostgres() {
        String busy = unique("s");
        String other = unique("s");
        for (int i = 0; i < 6; i++) {
            UsageFeedStub.append(Usage.call(team, agent, busy, t0.plusSeconds(50L * i), "0.0000000003", 10, 5));
        }
        UsageFeedStub.append(Usage.call(team, agent, other, t0.plusSeconds(60), "1.5", 10, 5));
        clock.set(t0.plusSeconds(400));
        Api.drainAll(consumer);
        String cursor = storedCursor();

        // a new process: empty memory, no feed read, the same answer
        BurnRateWindows restarted = new BurnRateWindows(pool, minutes, clock, config);
        assertEquals(List.of(), restarted.active());
        restarted.rebuild().await().indefinitely();

        assertEquals(windows.active(), restarted.active());
        assertEquals(2, restarted.active().size());
        assertEquals(0, new java.math.BigDecimal("0.0000000018").compareTo(restarted.active().stream()
                .filter(r -> r.sessionId().equals(busy)).findFirst().orElseThrow().windowUsd()));
        assertEquals(cursor, storedCursor());
    }

    @Test
    void aCrashInsideAPageRollsBackItsBucketsTogetherWithTheCursor() {
        String session = unique("s");
        UsageFeedStub.append(Usage.call(team, agent, session, t0, "3", 10, 5));
        UsageFeedStub.append(Usage.call(team, agent, session, t0, "4", 10, 5));
        String before = storedCursor();

        consumer.abandon().await().indefinitely();
        FeedConsumer crashing = replica((tx, entries) -> recorder.apply(tx, entries)
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("process killed mid-page"))));
        try {
            assertThrows(IllegalStateException.class, () -> crashing.drain(10).await().indefinitely());
        } finally {
            crashing.abandon().await().indefinitely();
        }
        assertEquals(before, storedCursor());
        windows.reloadTouched().await().indefinitely();
        as(reader).get(ACTIVE).then().body("", empty());

        Api.drainAll(consumer);
        as(reader).get(ACTIVE).then().body("[0].windowUsd", decimal("7")).body("[0].calls", equalTo(2));
    }

    @Test
    void onlyTheLockHolderConsumesAndAnotherReplicaTakesOverWhenItDies() {
        assertTrue(consumer.drain().await().indefinitely().leader());
        FeedConsumer other = replica(recorder);
        String session = unique("s");
        try {
            UsageFeedStub.append(Usage.call(team, agent, session, t0, "2", 10, 5));
            FeedConsumer.Drained standby = other.drain(10).await().indefinitely();
            assertFalse(standby.leader());
            assertEquals(0, standby.events());

            consumer.abandon().await().indefinitely();  // the active replica dies: its session and lock go
            FeedConsumer.Drained takeover = other.drain(10).await().indefinitely();
            assertTrue(takeover.leader());
            assertEquals(1, takeover.events());
            // this replica is now a standby: it follows the windows from Postgres
            FeedConsumer.Drained follower = consumer.drain().await().indefinitely();
            assertFalse(follower.leader());
            as(reader).get(ACTIVE).then().body("[0].sessionId", equalTo(session)).body("[0].windowUsd", decimal("2"));
        } finally {
            other.abandon().await().indefinitely();
        }
        assertTrue(consumer.drain().await().indefinitely().leader());
    }

    @Test
    void burnRatesNeedAReaderKey() {
        given().get(ACTIVE).then().statusCode(401).contentType("application/problem+json");
        // a workload key reads its own team's burn rates (ingest keys hold reader since 0019), never another's
        as(Api.key(ingest, "ingest", team)).get(ACTIVE).then().statusCode(200)
                .body("teamId", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo(team)));
        as(Api.key(ingest, "admin", null)).get(ACTIVE).then().statusCode(200);
    }

    private FeedConsumer replica(FeedConsumer.BatchHandler handler) {
        return new FeedConsumer(pool, feed, cursors, config.feed().consumer(), config.feed().batchSize(),
                "Bearer test-service-key", handler);
    }

    private String storedCursor() {
        return pool.preparedQuery("SELECT cursor FROM feed_cursors WHERE consumer = $1")
                .execute(Tuple.of(config.feed().consumer()))
                .map(rows -> rows.iterator().next().getString("cursor")).await().indefinitely();
    }
}

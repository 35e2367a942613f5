package dev.finops.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Concurrent group commits add to the hourly rollups in lanes of their own: a commit whose lane's rows are locked
 * does not hold up the others, and the sums stay exact.
 */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class RollupLanesTest {

    /** finops.ingest.max-concurrent-commits (default): lanes 0..3. */
    private static final int LANES = 4;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    @Test
    void aCommitWhoseRollupRowIsLockedDoesNotHoldUpTheOthers() throws Exception {
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        // every event of this test falls into one hour, so all of them add to the same rollup rows
        String timestamp = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofMinutes(30)).toString();
        HttpCalls http = new HttpCalls(base.toString());
        assertEquals(201, http.post(key, "/api/v1/usage", event(timestamp)).statusCode());
        // the same rollup row in every lane, then all lanes but the last locked as by another writer
        execute("""
                INSERT INTO usage_hourly (hour, team_id, agent_id, feature, environment, customer_id, provider, model, lane)
                SELECT hour, team_id, agent_id, feature, environment, customer_id, provider, model, lane
                FROM (SELECT DISTINCT hour, team_id, agent_id, feature, environment, customer_id, provider, model
                      FROM usage_hourly WHERE team_id = $1) r, generate_series(0, $2) AS lane
                ON CONFLICT DO NOTHING""", Tuple.of(team, LANES - 1));
        SqlConnection locker = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        Transaction lock = locker.begin().await().atMost(Duration.ofSeconds(10));
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        try {
            locker.preparedQuery("SELECT 1 FROM usage_hourly WHERE team_id = $1 AND lane < $2 FOR UPDATE")
                    .execute(Tuple.of(team, LANES - 1)).await().atMost(Duration.ofSeconds(10));
            // commits taking a locked lane wait; as they hold their lanes, a later one gets the free lane
            for (int i = 0; i < LANES; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> http.post(key, "/api/v1/usage", event(timestamp))
                        .statusCode()));
                Thread.sleep(200);
            }
            CompletableFuture.anyOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertTrue(calls.stream().anyMatch(c -> c.isDone()), "no commit got past the locked lanes");
            assertTrue(calls.stream().anyMatch(c -> !c.isDone()), "the locked lanes held nothing up");
        } finally {
            lock.rollback().await().atMost(Duration.ofSeconds(10));
            locker.close().await().atMost(Duration.ofSeconds(10));
        }
        for (CompletableFuture<Integer> call : calls) {
            assertEquals(201, call.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1L + LANES, scalar("SELECT sum(events) FROM usage_hourly WHERE team_id = $1", team));
        assertEquals(1L + LANES, scalar("SELECT count(*) FROM usage_events WHERE team_id = $1", team));
    }

    private static String event(String timestamp) {
        return String.format("{\"eventId\":\"%s\",\"timestamp\":\"%s\",\"model\":\"gpt-4o\",\"provider\":\"openai\","
                + "\"inputTokens\":100,\"outputTokens\":10,\"agentId\":\"agent-1\"}", Api.unique("ev"), timestamp);
    }

    private void execute(String sql, Tuple params) {
        pool.preparedQuery(sql).execute(params).await().atMost(Duration.ofSeconds(10));
    }

    private long scalar(String sql, String param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}

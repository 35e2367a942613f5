package dev.finops.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Concurrent replays of one eventId store it once and answer the first answer to everyone else. */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class IdempotencyConcurrencyTest {

    private static final int CALLERS = 16;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    @Test
    void concurrentReplaysStoreTheEventOnce() throws Exception {
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        String id = Api.unique("ev");
        String body = Api.event(id, "gpt-4o", 1000, 100);
        List<Integer> statuses = race(() -> new HttpCalls(base.toString()).post(key, "/api/v1/usage", body).statusCode());

        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(CALLERS - 1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(1L, scalar("SELECT count(*) FROM usage_events WHERE team_id = $1 AND event_id = $2", team, id));
        assertEquals(1L, scalar("SELECT sum(events) FROM usage_hourly WHERE team_id = $1 AND $2 <> ''", team, id));
    }

    @Test
    void concurrentDifferentBodiesUnderOneEventIdLetExactlyOneWin() throws Exception {
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        String id = Api.unique("ev");
        String ts = Api.now();
        List<Integer> statuses = race(new Callable<>() {
            private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public Integer call() {
                String body = "{\"eventId\":\"" + id + "\",\"timestamp\":\"" + ts + "\",\"model\":\"gpt-4o\","
                        + "\"inputTokens\":" + (100 + n.incrementAndGet()) + ",\"outputTokens\":1}";
                return new HttpCalls(base.toString()).post(key, "/api/v1/usage", body).statusCode();
            }
        });
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(CALLERS - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(1L, scalar("SELECT count(*) FROM usage_events WHERE team_id = $1 AND event_id = $2", team, id));
    }

    private static List<Integer> race(Callable<Integer> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            answers.add(threads.submit(() -> {
                go.await();
                return call.call();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : answers) {
            statuses.add(f.get());
        }
        threads.shutdown();
        return statuses;
    }

    private long scalar(String sql, String a, String b) {
        Long v = pool.preparedQuery(sql).execute(Tuple.of(a, b)).await().indefinitely().iterator().next().getLong(0);
        return v == null ? 0 : v;
    }
}

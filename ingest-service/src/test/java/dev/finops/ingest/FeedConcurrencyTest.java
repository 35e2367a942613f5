package dev.finops.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The feed never skips a committed event: writers commit concurrently (HTTP group commits, and
 * slow transactions that took their id early and commit late, as another replica might) while a
 * reader follows the feed. The reader must see every event exactly once, in cursor order.
 */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class FeedConcurrencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HTTP_WRITERS = 4;
    private static final int BATCHES_PER_WRITER = 25;
    private static final int EVENTS_PER_BATCH = 20;
    private static final int SLOW_TRANSACTIONS = 4;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    @Test
    void aConcurrentReaderSeesEveryCommittedEventExactlyOnce() throws Exception {
        HttpCalls http = new HttpCalls(base.toString());
        String team = Api.unique("team");
        String key = Api.key("ingest", team);
        String start = endOfFeed(http);

        Set<String> written = ConcurrentHashMap.newKeySet();
        List<String> seen = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(HTTP_WRITERS + SLOW_TRANSACTIONS + 1);

        Future<?> reader = threads.submit(() -> follow(http, start, team, seen, writing, written));
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < HTTP_WRITERS; w++) {
            writers.add(threads.submit(() -> {
                for (int b = 0; b < BATCHES_PER_WRITER; b++) {
                    List<String> ids = new ArrayList<>();
                    StringBuilder batch = new StringBuilder("[");
                    for (int i = 0; i < EVENTS_PER_BATCH; i++) {
                        String id = Api.unique("ev");
                        ids.add(id);
                        batch.append(i == 0 ? "" : ",").append(Api.event(id, "gpt-4o", 10, 10));
                    }
                    HttpResponse<String> r = http.post(key, "/api/v1/usage", batch.append("]").toString());
                    assertEquals(200, r.statusCode(), r.body());
                    written.addAll(ids);
                }
                return null;
            }));
        }
        for (int s = 0; s < SLOW_TRANSACTIONS; s++) {
            writers.add(threads.submit(() -> {
                String id = Api.unique("slow");
                slowTransaction(team, id);
                written.add(id);
                return null;
            }));
        }
        for (Future<?> w : writers) {
            w.get(120, TimeUnit.SECONDS);
        }
        writing.set(false);
        reader.get(60, TimeUnit.SECONDS);
        threads.shutdown();

        assertEquals(HTTP_WRITERS * BATCHES_PER_WRITER * EVENTS_PER_BATCH + SLOW_TRANSACTIONS, written.size());
        assertEquals(seen.size(), new HashSet<>(seen).size(), "an event was delivered twice");
        Set<String> missed = new HashSet<>(written);
        missed.removeAll(seen);
        assertTrue(missed.isEmpty(), "the reader missed " + missed.size() + " events, e.g. "
                + missed.stream().limit(5).toList());
        assertEquals(written.size(), seen.size());
    }

    /** Inserts an event in a transaction that takes its id first and commits after others did. */
    private void slowTransaction(String team, String eventId) {
        pool.withTransaction(conn -> conn.preparedQuery("""
                        INSERT INTO usage_events (event_id, team_id, ts, model) VALUES ($1, $2, $3, 'gpt-4o')""")
                .execute(Tuple.of(eventId, team, OffsetDateTime.now(ZoneOffset.UTC)))
                .chain(() -> conn.query("SELECT pg_sleep(1.5)").execute())).await().indefinitely();
    }

    private void follow(HttpCalls http, String cursor, String team, List<String> seen, AtomicBoolean writing,
                        Set<String> written) {
        String after = cursor;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        long caughtUpSince = 0;
        String previous = null;
        while (System.nanoTime() < deadline) {
            JsonNode page = read(http, after);
            for (JsonNode e : page.get("events")) {
                String c = e.get("cursor").asText();
                assertTrue(previous == null || compare(previous, c) < 0, "cursor order " + previous + " then " + c);
                previous = c;
                if (team.equals(e.get("teamId").asText())) {
                    seen.add(e.get("eventId").asText());
                }
            }
            after = page.get("nextCursor").asText();
            boolean caughtUp = !writing.get() && !page.get("hasMore").asBoolean();
            if (caughtUp && seen.size() >= written.size()) {
                return;
            }
            // Writers are done and the feed is at its end: give late commits a few seconds, then judge.
            caughtUpSince = caughtUp ? (caughtUpSince == 0 ? System.nanoTime() : caughtUpSince) : 0;
            if (caughtUp && System.nanoTime() - caughtUpSince > TimeUnit.SECONDS.toNanos(5)) {
                return;
            }
        }
    }

    private String endOfFeed(HttpCalls http) {
        String after = "";
        JsonNode page;
        do {
            page = read(http, after);
            after = page.get("nextCursor").asText();
        } while (page.get("hasMore").asBoolean());
        return after;
    }

    private static JsonNode read(HttpCalls http, String after) {
        HttpResponse<String> r = http.get(Api.SERVICE_KEY, "/api/v1/usage/feed?limit=200&after=" + after);
        assertEquals(200, r.statusCode(), r.body());
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int compare(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int tx = Long.compareUnsigned(Long.parseUnsignedLong(x[0]), Long.parseUnsignedLong(y[0]));
        return tx != 0 ? tx : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }
}

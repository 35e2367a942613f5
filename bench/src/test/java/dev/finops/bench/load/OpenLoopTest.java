package dev.finops.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    /** A server that stalls once for 300 ms: the requests due meanwhile must count the stall in their latency. */
    @Test
    void aStallShowsInThePercentilesInsteadOfLoweringTheRate() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newSingleThreadExecutor()); // one at a time: a stall holds up the queue
        server.createContext("/", exchange -> {
            if (seen.incrementAndGet() == 20) {
                sleep(300);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            OpenLoop.Result r = OpenLoop.run(uri, 4, 100, Duration.ofSeconds(1),
                    i -> new OpenLoop.Post("/usage", "key", "{\"i\":" + i + "}"));
            assertEquals(100, r.sent(), "the schedule does not wait for answers");
            assertEquals(100, r.ok());
            assertTrue(r.percentileMillis(90) >= 50, "requests due during the stall waited for it: p90 "
                    + r.percentileMillis(90) + " ms");
            assertTrue(r.latencyMicros().getMaxValue() >= 250_000, "the first request behind the stall waited ~300 ms");
            assertTrue(r.percentileMillis(50) < 100, "the rest were quick: p50 " + r.percentileMillis(50) + " ms");
        } finally {
            server.stop(0);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

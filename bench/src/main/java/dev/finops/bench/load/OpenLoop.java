package dev.finops.bench.load;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A constant-rate (open-loop) HTTP client in the manner of wrk2: request i is due at start + i / rate whatever the
 * answers before it did, and its latency is measured from when it was due, not from when a connection was free to
 * send it. A server that falls behind therefore shows up in the percentiles instead of silently lowering the rate
 * (no coordinated omission). A fixed set of keep-alive connections, each with its own thread, takes the requests in
 * order.
 */
public final class OpenLoop {

    /**
     * One request: a POST of body to path with a bearer key and further headers. A 2xx answer whose body lacks
     * {@code mustContain} (when set; e.g. a stream's {@code [DONE]}) counts as failed, with status {@value #INCOMPLETE}.
     */
    public record Post(String path, String key, String body, Map<String, String> headers, String mustContain) {

        public Post(String path, String key, String body) {
            this(path, key, body, Map.of(), null);
        }
    }

    /** The status counted for a 2xx answer without what {@link Post#mustContain} asked for. */
    public static final int INCOMPLETE = -2;

    /**
     * Latencies in microseconds from the due time: to the complete answer, and to its first body byte
     * ({@link HttpConnection#firstByteNanos()}: a stream's first event).
     */
    public record Result(Histogram latencyMicros, Histogram firstByteMicros, long sent, long ok, long failed,
                         double seconds, Map<Integer, Long> statuses, double maxSendLagMillis) {

        public double achievedRate() {
            return (ok + failed) / seconds;
        }

        public double percentileMillis(double p) {
            return latencyMicros.getValueAtPercentile(p) / 1000.0;
        }
    }

    private OpenLoop() {
    }

    /** Sends rate requests per second for the duration over the given number of connections. */
    public static Result run(URI server, int connections, int rate, Duration duration, LongFunction<Post> request)
            throws InterruptedException {
        Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(120), 3);
        Histogram firstByte = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(120), 3);
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        LongAccumulator sendLag = new LongAccumulator(Math::max, 0);
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        AtomicLong next = new AtomicLong();
        long total = rate * duration.toMillis() / 1000;
        double periodNanos = 1e9 / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            Thread worker = new Thread(() -> {
                HttpConnection connection = null;
                for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = start + (long) (i * periodNanos);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    } else {
                        sendLag.accumulate(-wait);
                    }
                    Post post = request.apply(i);
                    int status;
                    try {
                        if (connection == null) {
                            connection = new HttpConnection(server);
                        }
                        HttpConnection.Answer answer = connection.post(post.path(), post.key(), post.body(),
                                post.headers());
                        status = answer.status() / 100 == 2 && post.mustContain() != null
                                && !answer.body().contains(post.mustContain()) ? INCOMPLETE : answer.status();
                        record(firstByte, connection.firstByteNanos() - due);
                    } catch (IOException | RuntimeException e) {
                        status = -1;
                        connection = closeQuietly(connection);
                    }
                    record(latency, System.nanoTime() - due);
                    (status / 100 == 2 ? ok : failed).increment();
                    statuses.merge(status, 1L, Long::sum);
                }
                closeQuietly(connection);
            }, "open-loop-" + w);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(latency, firstByte, total, ok.sum(), failed.sum(), seconds, Map.copyOf(statuses),
                sendLag.get() / 1e6);
    }

    private static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.min(Math.max(0, nanos / 1000), histogram.getHighestTrackableValue()));
    }

    private static HttpConnection closeQuietly(HttpConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
        }
        return null;
    }
}

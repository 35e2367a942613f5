package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sustained ingest load from several clients, each posting batches of new events and retrying a failed batch
 * with the same eventIds until it is acknowledged, as a well-behaved workload does. Keeps what was acknowledged.
 */
final class Load implements AutoCloseable {

    private static final int BATCH = 5;

    final String team;
    final String model;
    private final String key;
    private final ExecutorService clients;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** eventId -> costUsd the acknowledgement carried (null when unpriced). */
    final Map<String, BigDecimal> acked = new ConcurrentHashMap<>();
    final AtomicLong failedAttempts = new AtomicLong();
    final AtomicLong replayedAsDuplicate = new AtomicLong();
    final AtomicLong pricedAtZero = new AtomicLong();
    final AtomicLong unpriced = new AtomicLong();
    private final AtomicReference<Instant> lastFailure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> error = new AtomicReference<>();
    private final AtomicReference<Instant> firstSuccessAfterFailure = new AtomicReference<>();

    Load(String team, String model, int clientCount) {
        this.team = team;
        this.model = model;
        this.key = SuiteApi.key("ingest", team);
        this.clients = Executors.newFixedThreadPool(clientCount);
        for (int c = 0; c < clientCount; c++) {
            String session = team + "-s" + c;
            clients.submit(() -> {
                try {
                    run(session);
                } catch (RuntimeException e) {
                    error.compareAndSet(null, e);
                }
            });
        }
    }

    private void run(String session) {
        while (running.get()) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                batch.add(SuiteApi.event(SuiteApi.eventId(), model, 100 + i * 37, 20 + i * 11,
                        Map.of("agentId", "load-agent", "sessionId", session)));
            }
            sendUntilAcked(batch);
        }
    }

    /** Retries the same batch (same eventIds, same bodies) until ingest acknowledges it. */
    private void sendUntilAcked(List<Map<String, Object>> batch) {
        long backoff = 100;
        while (true) {
            try {
                Http.Response r = Http.send("POST", Suite.get().url(ingest) + "/api/v1/usage", key, batch,
                        "application/json", Duration.ofSeconds(15));
                if (r.status() == 200) {
                    record(r.json());
                    return;
                }
                if (r.status() / 100 == 4 && r.status() != 408 && r.status() != 429) {
                    throw new IllegalStateException("ingest refused a valid batch: " + r);
                }
            } catch (java.io.UncheckedIOException e) {
                // connection refused or reset: the service is away; try again
            }
            failedAttempts.incrementAndGet();
            lastFailure.set(Instant.now());
            firstSuccessAfterFailure.set(null);
            SuiteApi.sleep(backoff);
            backoff = Math.min(1000, backoff * 2);
        }
    }

    private void record(JsonNode answer) {
        for (JsonNode e : answer.get("events")) {
            BigDecimal cost = e.get("costUsd").isNull() ? null : e.get("costUsd").decimalValue();
            acked.put(e.get("eventId").asText(), cost == null ? BigDecimal.valueOf(-1) : cost);
            if (e.get("duplicate").asBoolean()) {
                replayedAsDuplicate.incrementAndGet();
            }
            if (cost == null) {
                unpriced.incrementAndGet();
            } else if (cost.signum() == 0) {
                pricedAtZero.incrementAndGet();
            }
        }
        if (lastFailure.get() != null) {
            firstSuccessAfterFailure.compareAndSet(null, Instant.now());
        }
    }

    /** Seconds from the fault until ingest acknowledged again after its last failure (0 when nothing failed). */
    double recoverySeconds(Instant faultAt) {
        Instant recovered = firstSuccessAfterFailure.get();
        return lastFailure.get() == null || recovered == null ? 0
                : Duration.between(faultAt, recovered).toMillis() / 1000.0;
    }

    BigDecimal ackedCost() {
        return acked.values().stream().filter(c -> c.signum() >= 0).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Stops generating new batches; batches in flight are retried until acknowledged. */
    @Override
    public void close() {
        running.set(false);
        clients.shutdown();
        try {
            if (!clients.awaitTermination(180, TimeUnit.SECONDS)) {
                throw new AssertionError("load clients still retrying after 180 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (error.get() != null) {
            throw new AssertionError("a load client failed", error.get());
        }
    }
}

package dev.finops.anomaly.service;

import dev.finops.anomaly.Anomaly;
import dev.finops.anomaly.repository.AnomalyRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs every enabled detector on a schedule, each in its own transaction under a per-type advisory lock (so of
 * several replicas one runs it), and keeps the gauges of open anomalies by type and their highest ratio.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup  // its gauges exist from the start
public class DetectorRunner {

    private final Pool pool;
    private final List<Detector> detectors;
    private final AnomalyHistory history;
    private final AnomalyRepository anomalies;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, AtomicReference<List<Anomaly>>> open = new ConcurrentHashMap<>();

    public DetectorRunner(Pool pool, @All List<Detector> detectors, AnomalyHistory history, AnomalyRepository anomalies,
                          Clock clock, MeterRegistry registry) {
        this.pool = pool;
        this.detectors = detectors;
        this.history = history;
        this.anomalies = anomalies;
        this.clock = clock;
        this.registry = registry;
        for (String type : Anomaly.TYPES) {
            AtomicReference<List<Anomaly>> ref = open.computeIfAbsent(type, t -> new AtomicReference<>(List.of()));
            registry.gauge("finops_anomaly_open", Tags.of("type", type), ref, r -> r.get().size());
            registry.gauge("finops_anomaly_open_max_ratio", Tags.of("type", type), ref,
                    r -> r.get().stream().mapToDouble(a -> a.ratio().doubleValue()).max().orElse(0));
        }
    }

    @Scheduled(every = "${finops.anomaly.detectors.interval:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runAll().onFailure().invoke(e -> Log.warnf("anomaly detectors failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Runs every enabled detector once, at the clock's now. */
    public Uni<Void> runAll() {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Detector d : detectors) {
            if (d.enabled()) {
                chain = chain.chain(() -> run(d));
            }
        }
        return chain;
    }

    private Uni<Void> run(Detector d) {
        Instant now = clock.instant();
        Timer.Sample sample = Timer.start(registry);
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked")
                        .execute(Tuple.of("anomaly-detector:" + d.type()))
                        .map(rows -> rows.iterator().next().getBoolean("locked"))
                        .flatMap(locked -> !locked ? Uni.createFrom().voidItem()
                                : d.findings(tx, now).flatMap(findings -> history.reconcile(tx, d.type(), findings, now))))
                .chain(() -> anomalies.open(pool, d.type()))
                .invoke(list -> open.computeIfAbsent(d.type(), t -> new AtomicReference<>(List.of())).set(list))
                .onTermination().invoke((list, failure, cancelled) -> sample.stop(registry.timer(
                        "finops_anomaly_detector_runs", "detector", d.type(), "outcome", failure == null ? "ok" : "error")))
                .replaceWithVoid();
    }
}

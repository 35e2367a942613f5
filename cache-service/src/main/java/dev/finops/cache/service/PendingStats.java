package dev.finops.cache.service;

import dev.finops.cache.repository.StatsRepository;
import dev.finops.cache.repository.StatsRepository.Delta;
import dev.finops.cache.repository.StatsRepository.NamespaceHour;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lookup and store statistics counted in memory per namespace and UTC hour, and written to cache_stats in one
 * statement every {@code finops.cache.stats-flush-interval}, before every ROI read and at shutdown, so a lookup never
 * waits for a statistics write. A clean shutdown loses nothing; a hard kill (SIGKILL, OOM, power) loses at most one
 * interval of statistics (not entries, which are written on their request path).
 */
@ApplicationScoped
public class PendingStats {

    private static final Comparator<NamespaceHour> ROW_ORDER =
            Comparator.comparing(NamespaceHour::namespace).thenComparing(NamespaceHour::tenant)
                    .thenComparing(NamespaceHour::hour);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final StatsRepository stats;
    private final ConcurrentHashMap<NamespaceHour, Delta> pending = new ConcurrentHashMap<>();
    /** The last flush requested: flushes run one after another, so one that returns has written all counted before it. */
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    public PendingStats(StatsRepository stats) {
        this.stats = stats;
    }

    /** Counts the delta of a team's lookup in the current UTC hour (the hour of the lookup, not of the write). */
    public void add(String tenant, String namespace, Delta delta) {
        pending.merge(new NamespaceHour(tenant, namespace, Instant.now().truncatedTo(ChronoUnit.HOURS)), delta,
                Delta::plus);
    }

    /** Writes everything counted so far; completes once it (and every flush requested before it) is committed. */
    public Uni<Void> flush() {
        return Uni.createFrom().completionStage(this::enqueue);
    }

    private synchronized CompletableFuture<Void> enqueue() {
        CompletableFuture<Void> next = last.handle((ok, failed) -> null)
                .thenCompose(ignored -> writePending().subscribeAsCompletionStage());
        last = next;
        return next;
    }

    private Uni<Void> writePending() {
        SortedMap<NamespaceHour, Delta> batch = new TreeMap<>(ROW_ORDER);
        for (NamespaceHour row : pending.keySet()) {
            Delta d = pending.remove(row);
            if (d != null) {
                batch.put(row, d);
            }
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // a failed write puts its counts back for the next flush
        return stats.add(batch).onFailure().invoke(() -> batch.forEach((row, d) -> pending.merge(row, d, Delta::plus)));
    }

    @Scheduled(every = "${finops.cache.stats-flush-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return flush().onFailure().recoverWithItem(e -> {
            Log.warnf("cache statistics not written, kept in memory for the next flush (%d rows): %s", pending.size(),
                    e.getMessage());
            return null;
        });
    }

    /**
     * Creates the pool at start: Quarkus runs shutdown tasks in reverse order of registration, so a pool created before
     * the ShutdownEvent is registered (after the StartupEvent observers) is closed after the final flush below.
     */
    void onStart(@Observes StartupEvent event) {
        stats.openPool();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        try {
            flush().await().atMost(SHUTDOWN_WAIT);
        } catch (RuntimeException e) {
            Log.errorf("cache statistics of %d namespace-hours lost at shutdown: %s", pending.size(), e.getMessage());
        }
    }
}

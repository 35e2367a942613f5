package dev.finops.budget.service;

import dev.finops.feed.UsageFeedClient;
import dev.finops.budget.config.BudgetConfig;
import dev.finops.feed.FeedConsumer;
import dev.finops.feed.FeedCursorRepository;
import dev.finops.budget.repository.ReservationRepository;
import dev.finops.http.auth.AuthConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** This replica's usage-feed consumer for budgets, polled on a schedule; also expires stale reservations. */
@ApplicationScoped
@io.quarkus.runtime.Startup  // its metrics exist from the start, not from the first drain
public class BudgetFeedConsumer {

    private final FeedConsumer consumer;
    private final BudgetSnapshot snapshot;
    private final Pool pool;
    private final ReservationRepository reservations;
    private final dev.finops.budget.repository.RollupRepository rollup;
    private final BudgetConfig config;
    private final MeterRegistry registry;
    private final java.util.concurrent.atomic.AtomicLong lagMillis = new java.util.concurrent.atomic.AtomicLong();

    public BudgetFeedConsumer(Pool pool, @RestClient UsageFeedClient feed, FeedCursorRepository cursors,
                              SpendRecorder recorder, BudgetSnapshot snapshot, ReservationRepository reservations,
                              BudgetConfig config, AuthConfig auth, MeterRegistry registry,
                              dev.finops.budget.repository.RollupRepository rollup) {
        this.rollup = rollup;
        this.consumer = new FeedConsumer(pool, feed, cursors, config.feed().consumer(), config.feed().batchSize(),
                "Bearer " + auth.serviceKey().orElse(""), recorder);
        this.snapshot = snapshot;
        this.pool = pool;
        this.reservations = reservations;
        this.config = config;
        this.registry = registry;
        // Injected registries can outlive this bean (a restarted app in one JVM): drop a gauge bound to an old instance.
        registry.find("finops_budget_feed_lag_seconds").meters().forEach(registry::remove);
        io.micrometer.core.instrument.Gauge.builder("finops_budget_feed_lag_seconds", lagMillis, l -> l.get() / 1000.0)
                .description("Time from ingest receiving the newest event applied to its spend being committed here")
                .register(registry);
    }

    @Scheduled(every = "${finops.budget.feed.poll-interval:500ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return drain().replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("usage feed not consumed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Consumes what the feed has (if this replica is the active consumer) and reloads the snapshot. */
    public Uni<FeedConsumer.Drained> drain() {
        return consumer.drain(config.feed().maxBatchesPerPoll())
                .invoke(d -> {
                    registry.counter("finops_budget_feed_events_total").increment(d.events());
                    if (d.leader()) {
                        lagMillis.set(d.last() == null || d.last().receivedAt() == null ? 0
                                : Math.max(0, java.time.Duration.between(d.last().receivedAt(), Instant.now()).toMillis()));
                    }
                })
                .call(d -> d.events() > 0 ? snapshot.refresh() : Uni.createFrom().voidItem());
    }

    /** Frees headroom held by checks whose usage never arrived. */
    @Scheduled(every = "${finops.budget.check.expiry-sweep:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireReservations() {
        return pool.withTransaction(tx -> reservations.releaseExpired(tx, Instant.now())).replaceWithVoid()
                // a month plus the trailing week of the burn-down is the furthest back a backfill reads
                .call(() -> rollup.prune(pool, Instant.now().minus(java.time.Duration.ofDays(40))))
                .onFailure().recoverWithNull();
    }

    /** Gives up the consumer lock, as a dying replica would; the next drain tries to take it again. */
    public Uni<Void> abandon() {
        return consumer.abandon();
    }

    void onStop(@Observes ShutdownEvent stop) {
        consumer.abandon().subscribe().with(x -> { }, e -> { });
    }
}

package dev.finops.anomaly.service;

import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.feed.FeedConsumer;
import dev.finops.feed.FeedCursorRepository;
import dev.finops.feed.UsageFeedClient;
import dev.finops.http.auth.AuthConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * This replica's usage-feed consumer for burn rates and hourly spend, polled on a schedule. The active
 * consumer refreshes the windows it touched; a standby replica follows by re-reading them from Postgres.
 */
@ApplicationScoped
public class AnomalyFeedConsumer {

    private final FeedConsumer consumer;
    private final BurnRateWindows windows;
    private final SessionAnomalies sessions;
    private final AnomalyConfig config;
    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicLong caughtUpAt;

    public AnomalyFeedConsumer(Pool pool, @RestClient UsageFeedClient feed, FeedCursorRepository cursors,
                               UsageRecorder recorder, BurnRateWindows windows, SessionAnomalies sessions,
                               AnomalyConfig config, AuthConfig auth,
                               MeterRegistry registry, Clock clock) {
        this.consumer = new FeedConsumer(pool, feed, cursors, config.feed().consumer(), config.feed().batchSize(),
                "Bearer " + auth.serviceKey().orElse(""), recorder);
        this.windows = windows;
        this.sessions = sessions;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        this.caughtUpAt = new AtomicLong(clock.millis());
        // Injected registries can outlive this bean (a restarted app in one JVM): drop a gauge bound to an old instance.
        registry.find("finops_anomaly_feed_lag_seconds").meters().forEach(registry::remove);
        registry.gauge("finops_anomaly_feed_lag_seconds", caughtUpAt,
                t -> Math.max(0, clock.millis() - t.get()) / 1000.0);
    }

    void onStart(@Observes StartupEvent start) {
        try {
            windows.rebuild().await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            Log.warnf("burn-rate windows not rebuilt at start (next poll retries): %s", e.getMessage());
        }
    }

    @Scheduled(every = "${finops.anomaly.feed.poll-interval:500ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return drain().replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("usage feed not consumed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Consumes what the feed has (if this replica is the active consumer), refreshes the windows, re-evaluates. */
    public Uni<FeedConsumer.Drained> drain() {
        return consumer.drain(config.feed().maxBatchesPerPoll())
                .invoke(d -> registry.counter("finops_anomaly_feed_events_total").increment(d.events()))
                .invoke(d -> {
                    if (d.leader() && d.pages() < config.feed().maxBatchesPerPoll()) {
                        caughtUpAt.set(clock.millis());
                    }
                })
                .call(d -> d.leader() ? windows.reloadTouched() : windows.rebuild())
                .call(d -> sessions.evaluate())
                .onFailure().call(e -> windows.reloadTouched().onFailure().recoverWithNull());
    }

    /** Gives up the consumer lock, as a dying replica would; the next drain tries to take it again. */
    public Uni<Void> abandon() {
        return consumer.abandon();
    }

    void onStop(@Observes ShutdownEvent stop) {
        consumer.abandon().subscribe().with(x -> { }, e -> { });
    }
}

package dev.finops.anomaly.service;

import dev.finops.anomaly.BurnRateWindow;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.anomaly.repository.SessionMinuteRepository;
import dev.finops.anomaly.repository.SpendHourRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/** Deletes minute buckets no window can reach any more and hourly spend older than the detectors look back. */
@ApplicationScoped
public class Retention {

    private final Pool pool;
    private final SessionMinuteRepository minutes;
    private final SpendHourRepository hours;
    private final AnomalyConfig config;
    private final Clock clock;

    public Retention(Pool pool, SessionMinuteRepository minutes, SpendHourRepository hours, AnomalyConfig config,
                     Clock clock) {
        this.pool = pool;
        this.minutes = minutes;
        this.hours = hours;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${finops.anomaly.prune-interval:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        Instant now = clock.instant();
        Instant minutesBefore = BurnRateWindow.start(now, config.window().length()).minus(config.window().retention());
        return minutes.deleteBefore(pool, minutesBefore)
                .chain(() -> hours.deleteBefore(pool, now.minus(config.spendRetention())))
                .replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("old anomaly data not pruned: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}

package dev.finops.cache.service;

import dev.finops.cache.repository.EntryRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/** Deletes expired entries (lookups already ignore them) and refreshes the entry-count gauge. */
@Startup
@ApplicationScoped
public class Purger {

    private final EntryRepository entries;
    private final AtomicLong count = new AtomicLong();

    public Purger(EntryRepository entries, MeterRegistry registry) {
        this.entries = entries;
        Gauge.builder("finops.cache.entries", count, AtomicLong::get).description("live cache entries (all namespaces)")
                .register(registry);
    }

    @Scheduled(every = "${finops.cache.purge-interval:10m}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge().replaceWithVoid();
    }

    public Uni<Integer> purge() {
        return entries.purgeExpired()
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("purged %d expired cache entries", n);
                    }
                })
                .call(() -> entries.countAll().invoke(count::set));
    }
}

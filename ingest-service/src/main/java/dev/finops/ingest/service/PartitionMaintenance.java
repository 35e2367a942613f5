package dev.finops.ingest.service;

import dev.finops.ingest.config.IngestConfig;
import dev.finops.ingest.repository.PartitionRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the day partitions of the raw events: created ahead by the scheduler, created on demand
 * for back-filled days, dropped after the retention period.
 */
@ApplicationScoped
public class PartitionMaintenance {

    private final PartitionRepository partitions;
    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    public PartitionMaintenance(PartitionRepository partitions, IngestConfig config) {
        this.partitions = partitions;
        this.config = config;
    }

    void onStart(@Observes StartupEvent start) {
        maintain().await().atMost(Duration.ofSeconds(60));
    }

    @Scheduled(every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return maintain().onFailure().invoke(e -> Log.error("partition maintenance failed", e))
                .onFailure().recoverWithNull();
    }

    /** Creates today's and the coming days' partitions and drops those past retention. */
    public Uni<Void> maintain() {
        LocalDate today = LocalDate.now(clock);
        LocalDate oldestKept = today.minusDays(config.retentionDays());
        List<LocalDate> ahead = today.datesUntil(today.plusDays(config.partitionsAhead() + 1L)).toList();
        return ensure(ahead)
                .chain(partitions::days)
                .chain(days -> {
                    known.addAll(days);
                    List<LocalDate> expired = days.stream().filter(d -> d.isBefore(oldestKept)).toList();
                    expired.forEach(d -> Log.infof("dropping raw usage partition of %s (past %d days retention)",
                            d, config.retentionDays()));
                    return Multi.createFrom().iterable(expired)
                            .onItem().transformToUniAndConcatenate(d -> partitions.drop(d).invoke(() -> known.remove(d)))
                            .collect().last();
                })
                .chain(() -> partitions.pruneKeysBefore(oldestKept));
    }

    /** Makes sure the partitions of these days exist before events of them are inserted. */
    public Uni<Void> ensure(Collection<LocalDate> days) {
        Set<LocalDate> missing = new TreeSet<>(days);
        missing.removeAll(known);
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(missing)
                .onItem().transformToUniAndConcatenate(d -> partitions.ensure(d).invoke(() -> known.add(d)))
                .collect().last().replaceWithVoid();
    }

    static LocalDate dayOf(java.time.Instant ts) {
        return LocalDate.ofInstant(ts, ZoneOffset.UTC);
    }
}

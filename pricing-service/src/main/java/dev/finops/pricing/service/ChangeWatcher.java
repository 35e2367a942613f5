package dev.finops.pricing.service;

import dev.finops.pricing.repository.AliasRepository;
import dev.finops.pricing.repository.RateRepository;
import dev.finops.pricing.repository.RevisionRepository;
import dev.finops.pricing.routing.PolicyBook;
import dev.finops.pricing.routing.PolicyLoader;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Keeps this replica's in-memory rates, aliases and routing policies in step with the database: one small
 * query every {@code finops.pricing.refresh-interval} compares revisions, and only a changed kind is read.
 * Writers call {@link #sync()} after committing, so a change is visible on their replica at once.
 */
@ApplicationScoped
public class ChangeWatcher {

    private final RevisionRepository revisions;
    private final RateRepository rates;
    private final AliasRepository aliases;
    private final RateBook book;
    private final PolicyBook policies;
    private final PolicyLoader policyLoader;
    private volatile long ratesRevision = -1;

    public ChangeWatcher(RevisionRepository revisions, RateRepository rates, AliasRepository aliases, RateBook book,
                         PolicyBook policies, PolicyLoader policyLoader) {
        this.revisions = revisions;
        this.rates = rates;
        this.aliases = aliases;
        this.book = book;
        this.policies = policies;
        this.policyLoader = policyLoader;
    }

    @Scheduled(every = "${finops.pricing.refresh-interval}", delayed = "${finops.pricing.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sync().onFailure().invoke(e -> Log.warnf("pricing state not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Reads whatever changed since this replica last looked. */
    public Uni<Void> sync() {
        return revisions.all().chain(revs -> syncRates(revs)
                .chain(() -> syncAliases(revs))
                .chain(() -> syncPolicies(revs)));
    }

    private Uni<Void> syncRates(Map<String, Long> revs) {
        long revision = revs.getOrDefault(RevisionRepository.RATES, 0L);
        if (revision == ratesRevision) {
            return Uni.createFrom().voidItem();
        }
        // Versions commit in sequence order (see RevisionRepository), so "newer than the newest held" misses none.
        return rates.since(book.version()).invoke(book::addRates).invoke(() -> ratesRevision = revision)
                .replaceWithVoid();
    }

    private Uni<Void> syncAliases(Map<String, Long> revs) {
        if (revs.getOrDefault(RevisionRepository.ALIASES, 0L) == book.aliasRevision()) {
            return Uni.createFrom().voidItem();
        }
        return aliases.table().invoke(t -> book.setAliases(t.revision(), t.aliases())).replaceWithVoid();
    }

    private Uni<Void> syncPolicies(Map<String, Long> revs) {
        if (revs.getOrDefault(RevisionRepository.POLICIES, 0L) == policies.revision()) {
            return Uni.createFrom().voidItem();
        }
        return policyLoader.load();
    }
}

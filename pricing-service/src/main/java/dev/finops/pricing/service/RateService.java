package dev.finops.pricing.service;

import dev.finops.pricing.RateSource;
import dev.finops.pricing.ValuationRate;
import dev.finops.pricing.config.PricingConfig;
import dev.finops.pricing.error.Problems;
import dev.finops.pricing.error.UnknownModelException;
import dev.finops.pricing.repository.RateRepository;
import dev.finops.pricing.repository.RevisionRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Rate changes (each a new immutable version) and rate lookups, the latter from memory. */
@ApplicationScoped
public class RateService {

    private final Pool pool;
    private final RevisionRepository revisions;
    private final RateRepository rates;
    private final RateBook book;
    private final ChangeWatcher watcher;
    private final PricingMetrics metrics;
    private final PricingConfig config;

    public RateService(Pool pool, RevisionRepository revisions, RateRepository rates, RateBook book,
                       ChangeWatcher watcher, PricingMetrics metrics, PricingConfig config) {
        this.pool = pool;
        this.revisions = revisions;
        this.rates = rates;
        this.book = book;
        this.watcher = watcher;
        this.metrics = metrics;
        this.config = config;
    }

    /** Stores a new version of a model's rate; answers it with its version number. */
    public Uni<ValuationRate> put(RateInput input) {
        Problems.throwIfAny(input.problems("", config.maxRatePerKTokens()));
        return store(List.of(input.toRate(RateSource.api, Instant.now())), RateSource.api).map(stored -> stored.get(0));
    }

    /** Appends versions in one transaction and makes them visible on this replica before answering. */
    public Uni<List<ValuationRate>> store(List<ValuationRate> newRates, RateSource source) {
        if (newRates.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.withTransaction(conn -> revisions.bump(conn, RevisionRepository.RATES)
                        .chain(() -> rates.insert(conn, newRates)))
                .call(watcher::sync)
                .invoke(stored -> {
                    metrics.rateChanges(source.wire(), stored.size());
                    Log.infof("%d new rate version(s) from %s, newest %d", stored.size(), source.wire(),
                            stored.get(stored.size() - 1).version());
                });
    }

    /** The rate of a model name (resolved through aliases) effective at an instant. */
    public ValuationRate rateAt(String model, Instant at, String where) {
        if (book.resolve(model).isEmpty()) {
            metrics.unknownModel(where);
            throw UnknownModelException.lookup(model, "no rate is known for it; PUT /api/v1/finops/valuation-rates adds one");
        }
        return book.rateAt(model, at).orElseThrow(() -> new UnknownModelException(404, "at", model,
                "no rate of it was in effect at " + at + " (its first rate is effective later)"));
    }

    public List<ValuationRate> history(String model) {
        String id = book.resolve(model).orElseThrow(() -> {
            metrics.unknownModel("lookup");
            return UnknownModelException.lookup(model, "no rate is known for it");
        });
        return book.history(id);
    }
}

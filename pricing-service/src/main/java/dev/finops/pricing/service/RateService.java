package dev.finops.pricing.service;

import dev.finops.pricing.RateSource;
import dev.finops.pricing.ValuationRate;
import dev.finops.pricing.config.PricingConfig;
import dev.finops.pricing.error.Problems;
import dev.finops.pricing.error.UnknownModelException;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.pricing.repository.ManagedModelRepository;
import dev.finops.pricing.repository.RateRepository;
import dev.finops.pricing.repository.RevisionRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rate changes (each a new immutable version) and rate lookups, the latter from memory. */
@ApplicationScoped
public class RateService {

    private static final OwnerColumn MANAGED = new OwnerColumn("managed_models", "model_id");

    private final Pool pool;
    private final RevisionRepository revisions;
    private final RateRepository rates;
    private final RateBook book;
    private final ChangeWatcher watcher;
    private final PricingMetrics metrics;
    private final PricingConfig config;
    private final ManagedModelRepository managed;

    public RateService(Pool pool, RevisionRepository revisions, RateRepository rates, RateBook book,
                       ChangeWatcher watcher, PricingMetrics metrics, PricingConfig config,
                       ManagedModelRepository managed) {
        this.managed = managed;
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
        return MANAGED.refuseIfManaged(pool, "the rate of model '" + input.modelId() + "'", input.modelId()).chain(() -> store(List.of(input.toRate(RateSource.api, Instant.now())), RateSource.api)).map(stored -> stored.get(0));
    }

    /**
     * Makes a ModelPrice resource's price the model's current rate, validated as PUT validates it: appends a
     * version (source "resource") unless the one it appended last already says the same. Answers that version.
     */
    public Uni<Long> applyResource(RateInput input, ResourceOwner owner) {
        Problems.throwIfAny(input.problems("", config.maxRatePerKTokens()));
        ValuationRate wanted = input.toRate(RateSource.resource, Instant.now());
        String model = input.modelId();
        return pool.withTransaction(conn -> MANAGED.ownedBy(conn, owner)
                        .call(mine -> mine.isPresent() && !mine.get().getString(0).equals(model)
                                ? managed.release(conn, owner.toString()) : Uni.createFrom().voidItem())
                        .chain(() -> MANAGED.claim(conn, owner, "the rate of model '" + model + "'", model))
                        .chain(() -> managed.version(conn, model))
                        .flatMap(last -> unchanged(last, wanted, input.effectiveFrom() != null)
                                ? Uni.createFrom().item(last.get())
                                : revisions.bump(conn, RevisionRepository.RATES)
                                        .chain(() -> rates.insert(conn, List.of(wanted)))
                                        .map(stored -> stored.get(0).version())
                                        .call(v -> managed.upsert(conn, model, owner.toString(), v))))
                .call(watcher::sync);
    }

    /** Stops managing the model a resource priced; its versions stay (history is never deleted). */
    public Uni<Void> releaseResource(ResourceOwner owner) {
        return pool.withTransaction(conn -> managed.release(conn, owner.toString()));
    }

    /** The models ModelPrice resources price, each with its resource ("ModelPrice ns/name"). */
    public Uni<java.util.Map<String, String>> resourceManagedModels() {
        return managed.all(pool);
    }

    public Uni<List<ResourceOwner>> resourceOwners() {
        return MANAGED.owners(pool);
    }

    /** Whether the version a resource appended last already has these prices (and start, when one is given). */
    private boolean unchanged(Optional<Long> last, ValuationRate wanted, boolean datedInput) {
        return last.flatMap(v -> book.history(wanted.modelId()).stream().filter(r -> r.version() == v).findFirst())
                .filter(r -> r.samePrices(wanted) && java.util.Objects.equals(r.provider(), wanted.provider())
                        && (!datedInput || r.effectiveFrom().equals(wanted.effectiveFrom())))
                .isPresent();
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

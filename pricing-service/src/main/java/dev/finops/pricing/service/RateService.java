package dev.finops.pricing.service;

import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
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
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Rate changes (each a new immutable version) and rate lookups, the latter from memory. Every new version is written
 * to the audit trail (kind "rate") with the version it supersedes at its effectiveFrom as before.
 */
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
    private final AuditTrail audit;

    public RateService(Pool pool, RevisionRepository revisions, RateRepository rates, RateBook book,
                       ChangeWatcher watcher, PricingMetrics metrics, PricingConfig config,
                       ManagedModelRepository managed, AuditTrail audit) {
        this.audit = audit;
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
    public Uni<ValuationRate> put(RateInput input, Actor actor) {
        Problems.throwIfAny(input.problems("", config.maxRatePerKTokens()));
        return MANAGED.refuseIfManaged(pool, "the rate of model '" + input.modelId() + "'", input.modelId())
                .chain(() -> store(List.of(input.toRate(RateSource.api, Instant.now())), RateSource.api, actor))
                .map(stored -> stored.get(0));
    }

    /**
     * Makes a ModelPrice resource's price the model's current rate, validated as PUT validates it: appends a
     * version (source "resource") unless the one it appended last already says the same. Answers that version.
     */
    public Uni<Long> applyResource(RateInput input, ResourceOwner owner) {
        Problems.throwIfAny(input.problems("", config.maxRatePerKTokens()));
        ValuationRate wanted = input.toRate(RateSource.resource, Instant.now());
        String model = input.modelId();
        java.util.Map<String, ValuationRate> superseded = supersededBy(List.of(wanted));
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(conn -> MANAGED.ownedBy(conn, owner)
                        .call(mine -> mine.isPresent() && !mine.get().getString(0).equals(model)
                                ? managed.release(conn, owner.toString()) : Uni.createFrom().voidItem())
                        .chain(() -> MANAGED.claim(conn, owner, "the rate of model '" + model + "'", model))
                        .chain(() -> managed.version(conn, model))
                        .flatMap(last -> unchanged(last, wanted, input.effectiveFrom() != null)
                                ? Uni.createFrom().item(last.get())
                                : revisions.bump(conn, RevisionRepository.RATES)
                                        .chain(() -> rates.insert(conn, List.of(wanted)))
                                        .call(stored -> audited(conn, actor, superseded, stored))
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
    public Uni<List<ValuationRate>> store(List<ValuationRate> newRates, RateSource source, Actor actor) {
        if (newRates.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        java.util.Map<String, ValuationRate> superseded = supersededBy(newRates);
        return pool.withTransaction(conn -> revisions.bump(conn, RevisionRepository.RATES)
                        .chain(() -> rates.insert(conn, newRates))
                        .call(stored -> audited(conn, actor, superseded, stored)))
                .call(watcher::sync)
                .invoke(stored -> {
                    metrics.rateChanges(source.wire(), stored.size());
                    Log.infof("%d new rate version(s) from %s, newest %d", stored.size(), source.wire(),
                            stored.get(stored.size() - 1).version());
                });
    }

    /** Per model of the new versions, the version in effect at its effectiveFrom until now (none: a new model). */
    private java.util.Map<String, ValuationRate> supersededBy(List<ValuationRate> newRates) {
        java.util.Map<String, ValuationRate> before = new java.util.HashMap<>();
        newRates.forEach(r -> book.rateAt(r.modelId(), r.effectiveFrom()).ifPresent(v -> before.put(r.modelId(), v)));
        return before;
    }

    /** One audit entry per stored version, with the version it supersedes as before. */
    Uni<Void> audited(SqlConnection conn, Actor actor, java.util.Map<String, ValuationRate> superseded,
                      List<ValuationRate> stored) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ValuationRate after : stored) {
            chain = chain.chain(() -> audit.record(conn, actor, new AuditTrail.Change("rate", "create",
                    after.modelId(), null, superseded.get(after.modelId()), after)));
        }
        return chain;
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

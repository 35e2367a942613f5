package dev.finops.budget.service;

import dev.finops.budget.Budget;
import dev.finops.budget.error.BudgetNotFoundException;
import dev.finops.budget.error.DuplicateNameException;
import dev.finops.budget.error.Ids;
import dev.finops.budget.repository.BudgetRepository;
import dev.finops.budget.rest.BudgetRequest;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Budget definitions: validation, storage, name uniqueness, and which ones a Kubernetes resource manages. */
@ApplicationScoped
public class BudgetService {

    private static final OwnerColumn OWNER = new OwnerColumn("budgets", "id");

    private final Pool pool;
    private final BudgetRepository budgets;
    private final BudgetSnapshot snapshot;
    private final Backfill backfill;

    public BudgetService(Pool pool, BudgetRepository budgets, BudgetSnapshot snapshot, Backfill backfill) {
        this.backfill = backfill;
        this.pool = pool;
        this.budgets = budgets;
        this.snapshot = snapshot;
    }

    public Uni<Budget> create(BudgetRequest request) {
        BudgetDraft draft = BudgetValidator.validate(request);
        return pool.withTransaction(tx -> budgets.insert(tx, UUID.randomUUID(), draft).call(b -> backfill(tx, b)))
                .onFailure(Ids::isUniqueViolation).transform(e -> new DuplicateNameException("budget", draft.name()))
                .call(snapshot::refresh);
    }

    public Uni<Budget> replace(UUID id, BudgetRequest request) {
        BudgetDraft draft = BudgetValidator.validate(request);
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, "budget " + id, id)
                        .chain(() -> budgets.update(tx, id, draft))
                        .map(found -> found.orElseThrow(() -> new BudgetNotFoundException(id)))
                        .call(b -> backfill(tx, b)))
                .onFailure(Ids::isUniqueViolation).transform(e -> new DuplicateNameException("budget", draft.name()))
                .call(snapshot::refresh);
    }

    public Uni<Budget> get(UUID id) {
        return budgets.find(pool, id).map(found -> found.orElseThrow(() -> new BudgetNotFoundException(id)));
    }

    public Uni<List<Budget>> list() {
        return budgets.list(pool);
    }

    public Uni<Void> delete(UUID id) {
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, "budget " + id, id).chain(() -> budgets.delete(tx, id)))
                .invoke(deleted -> {
                    if (!deleted) {
                        throw new BudgetNotFoundException(id);
                    }
                }).call(snapshot::refresh).replaceWithVoid();
    }

    /** A budget that (again) counts spend starts from what its period already spent; see {@link Backfill}. */
    private Uni<Void> backfill(io.vertx.mutiny.sqlclient.SqlClient tx, Budget b) {
        return b.enabled() ? backfill.rebuild(tx, b, java.time.Instant.now()) : Uni.createFrom().voidItem();
    }

    /** Creates or replaces (by name) the org-level budgets of a drako {@code budgets} block. */
    public Uni<List<Budget>> importDrako(List<BudgetRequest> requests) {
        List<BudgetDraft> drafts = requests.stream().map(BudgetValidator::validate).toList();
        return pool.withTransaction(tx -> {
            Uni<List<Budget>> chain = Uni.createFrom().item(new java.util.ArrayList<>());
            for (BudgetDraft d : drafts) {
                chain = chain.call(list -> budgets.findByName(tx, d.name())
                        .call(existing -> existing.isEmpty() ? Uni.createFrom().voidItem()
                                : OWNER.refuseIfManaged(tx, "budget '" + d.name() + "'", existing.get().id()))
                        .flatMap(existing -> existing.isPresent()
                                ? budgets.update(tx, existing.get().id(), d).map(java.util.Optional::orElseThrow)
                                : budgets.insert(tx, UUID.randomUUID(), d))
                        .call(b -> backfill(tx, b))
                        .invoke(list::add));
            }
            return chain;
        }).call(snapshot::refresh);
    }

    /**
     * Creates or updates the budget a resource describes, validated as the REST API validates it. A budget of the
     * same name that the REST API or another resource created is left alone (409).
     */
    public Uni<Budget> apply(BudgetRequest request, ResourceOwner owner) {
        BudgetDraft draft = BudgetValidator.validate(request);
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> mine.isPresent()
                                ? budgets.update(tx, mine.get().getUUID(0), draft).map(java.util.Optional::orElseThrow)
                                : budgets.findByName(tx, draft.name()).flatMap(same -> OWNER.claim(tx, owner,
                                                "budget '" + draft.name() + "'", same.map(Budget::id).orElse(null))
                                        .chain(() -> budgets.insert(tx, UUID.randomUUID(), draft))
                                        .call(b -> OWNER.own(tx, owner, b.id()))))
                        .call(b -> backfill(tx, b)))
                .onFailure(Ids::isUniqueViolation).transform(e -> new DuplicateNameException("budget", draft.name()))
                .call(snapshot::refresh);
    }

    /** Deletes the budget a resource created, if any. */
    public Uni<Void> removeOwned(ResourceOwner owner) {
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> mine.isPresent()
                        ? budgets.delete(tx, mine.get().getUUID(0)).replaceWithVoid() : Uni.createFrom().voidItem()))
                .call(snapshot::refresh);
    }

    public Uni<List<ResourceOwner>> owners() {
        return OWNER.owners(pool);
    }
}

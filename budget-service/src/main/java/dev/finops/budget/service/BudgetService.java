package dev.finops.budget.service;

import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.budget.Budget;
import dev.finops.budget.error.BudgetNotFoundException;
import dev.finops.budget.error.DuplicateNameException;
import dev.finops.budget.error.Ids;
import dev.finops.budget.repository.BudgetRepository;
import dev.finops.budget.rest.BudgetRequest;
import dev.finops.http.auth.TeamScope;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Budget definitions: validation, storage, name uniqueness (per owning team), and which ones a Kubernetes resource manages. A budget is
 * owned by the team of its scope (none: the org's); a caller sees and changes only what its {@link TeamScope}
 * permits, and every change is written to the audit trail in its own transaction.
 */
@ApplicationScoped
public class BudgetService {

    private static final OwnerColumn OWNER = new OwnerColumn("budgets", "id");

    private final Pool pool;
    private final BudgetRepository budgets;
    private final BudgetSnapshot snapshot;
    private final Backfill backfill;
    private final AuditTrail audit;

    public BudgetService(Pool pool, BudgetRepository budgets, BudgetSnapshot snapshot, Backfill backfill,
                         AuditTrail audit) {
        this.backfill = backfill;
        this.pool = pool;
        this.budgets = budgets;
        this.snapshot = snapshot;
        this.audit = audit;
    }

    public Uni<Budget> create(BudgetRequest request, TeamScope caller, Actor actor) {
        BudgetDraft draft = BudgetValidator.validate(request, caller);
        return pool.withTransaction(tx -> budgets.insert(tx, UUID.randomUUID(), draft).call(b -> backfill(tx, b))
                        .call(b -> audit.record(tx, actor, change("create", null, b))))
                .onFailure(Ids::isUniqueViolation).transform(e -> new DuplicateNameException("budget", draft.name()))
                .call(snapshot::refresh);
    }

    public Uni<Budget> replace(UUID id, BudgetRequest request, TeamScope caller, Actor actor) {
        BudgetDraft draft = BudgetValidator.validate(request, caller);
        return pool.withTransaction(tx -> visible(tx, id, caller).flatMap(before ->
                        OWNER.refuseIfManaged(tx, "budget " + id, id)
                                .chain(() -> budgets.update(tx, id, draft))
                                .map(found -> found.orElseThrow(() -> new BudgetNotFoundException(id)))
                                .call(b -> backfill(tx, b))
                                .call(b -> audit.record(tx, actor, change("update", before, b)))))
                .onFailure(Ids::isUniqueViolation).transform(e -> new DuplicateNameException("budget", draft.name()))
                .call(snapshot::refresh);
    }

    public Uni<Budget> get(UUID id, TeamScope caller) {
        return visible(pool, id, caller);
    }

    /** Every budget the caller sees, or those of the team it names ({@code teamId}; a team key: its own only). */
    public Uni<List<Budget>> list(TeamScope caller, String teamId) {
        String team = caller.resolve("teamId", teamId);
        return budgets.list(pool).map(all -> team == null ? all
                : all.stream().filter(b -> team.equals(b.scope().team())).toList());
    }

    public Uni<Void> delete(UUID id, TeamScope caller, Actor actor) {
        return pool.withTransaction(tx -> visible(tx, id, caller)
                        .call(() -> OWNER.refuseIfManaged(tx, "budget " + id, id))
                        .call(() -> budgets.delete(tx, id))
                        .call(before -> audit.record(tx, actor, change("delete", before, null))))
                .call(snapshot::refresh).replaceWithVoid();
    }

    /** The budget, unless it is absent or of another team than the caller's (both 404: nothing is learned). */
    private Uni<Budget> visible(SqlClient sql, UUID id, TeamScope caller) {
        return budgets.find(sql, id).map(found -> found.filter(b -> caller.permits(b.scope().team()))
                .orElseThrow(() -> new BudgetNotFoundException(id)));
    }

    /** A budget that (again) counts spend starts from what its period already spent; see {@link Backfill}. */
    private Uni<Void> backfill(SqlClient tx, Budget b) {
        return b.enabled() ? backfill.rebuild(tx, b, java.time.Instant.now()) : Uni.createFrom().voidItem();
    }

    /** Creates or replaces (by name) the org-level budgets of a drako {@code budgets} block. */
    public Uni<List<Budget>> importDrako(List<BudgetRequest> requests, Actor actor) {
        List<BudgetDraft> drafts = requests.stream().map(BudgetValidator::validate).toList();
        return pool.withTransaction(tx -> {
            Uni<List<Budget>> chain = Uni.createFrom().item(new java.util.ArrayList<>());
            for (BudgetDraft d : drafts) {
                chain = chain.call(list -> budgets.findByName(tx, null, d.name())
                        .call(existing -> existing.isEmpty() ? Uni.createFrom().voidItem()
                                : OWNER.refuseIfManaged(tx, "budget '" + d.name() + "'", existing.get().id()))
                        .flatMap(existing -> (existing.isPresent()
                                ? budgets.update(tx, existing.get().id(), d).map(Optional::orElseThrow)
                                : budgets.insert(tx, UUID.randomUUID(), d))
                                .call(b -> audit.record(tx, actor, change(existing.isPresent() ? "update" : "create",
                                        existing.orElse(null), b))))
                        .call(b -> backfill(tx, b))
                        .invoke(list::add));
            }
            return chain;
        }).call(snapshot::refresh);
    }

    /**
     * Creates or updates the budget a resource describes, validated as the REST API validates it for the scope of
     * the resource's namespace (a team's namespace: as that team's team-admin). A budget of the same name that the
     * REST API or another resource created is left alone (409).
     */
    public Uni<Budget> apply(BudgetRequest request, ResourceOwner owner, TeamScope scope) {
        BudgetDraft draft = BudgetValidator.validate(request, scope);
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> mine.isPresent()
                                ? updateOwned(tx, mine.get().getUUID(0), draft, actor)
                                : budgets.findByName(tx, draft.scope().team(), draft.name()).flatMap(same -> OWNER.claim(tx, owner,
                                                "budget '" + draft.name() + "'", same.map(Budget::id).orElse(null))
                                        .chain(() -> budgets.insert(tx, UUID.randomUUID(), draft))
                                        .call(b -> OWNER.own(tx, owner, b.id()))
                                        .call(b -> audit.record(tx, actor, change("create", null, b)))))
                        .call(b -> backfill(tx, b)))
                .onFailure(Ids::isUniqueViolation).transform(e -> new DuplicateNameException("budget", draft.name()))
                .call(snapshot::refresh);
    }

    /** A restart re-applies every resource: an unchanged budget is not a change for the trail. */
    private Uni<Budget> updateOwned(SqlClient tx, UUID id, BudgetDraft draft, Actor actor) {
        return budgets.find(tx, id).flatMap(before -> budgets.update(tx, id, draft).map(Optional::orElseThrow)
                .call(after -> before.isPresent() && sameDefinition(before.get(), after) ? Uni.createFrom().voidItem()
                        : audit.record(tx, actor, change("update", before.orElse(null), after))));
    }

    /** Deletes the budget a resource created, if any. */
    public Uni<Void> removeOwned(ResourceOwner owner) {
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> {
                    if (mine.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    UUID id = mine.get().getUUID(0);
                    return budgets.find(tx, id).call(() -> budgets.delete(tx, id))
                            .call(before -> before.isEmpty() ? Uni.createFrom().voidItem()
                                    : audit.record(tx, actor, change("delete", before.get(), null)))
                            .replaceWithVoid();
                }))
                .call(snapshot::refresh);
    }

    public Uni<List<ResourceOwner>> owners() {
        return OWNER.owners(pool);
    }

    private static boolean sameDefinition(Budget a, Budget b) {
        return a.name().equals(b.name()) && a.scope().equals(b.scope()) && a.period() == b.period()
                && a.timezone().equals(b.timezone()) && a.amountUsd().compareTo(b.amountUsd()) == 0
                && a.alertAtPercent().equals(b.alertAtPercent())
                && Objects.equals(a.hardLimitPercent(), b.hardLimitPercent())
                && Objects.equals(a.maxTokensPerRun(), b.maxTokensPerRun()) && a.enabled() == b.enabled();
    }

    /** A budget change for the audit trail, owned by the budget's team (after the change; before it for a delete). */
    private static AuditTrail.Change change(String action, Budget before, Budget after) {
        Budget subject = after != null ? after : before;
        return new AuditTrail.Change("budget", action, subject.id().toString(), subject.scope().team(), before, after);
    }
}

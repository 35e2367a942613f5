package dev.finops.anomaly.service;

import dev.finops.anomaly.AnomalyPolicy;
import dev.finops.anomaly.repository.AnomalyPolicyRepository;
import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Per-agent multipliers, set through the REST API or by AnomalyPolicy resources (then only by them). A policy belongs
 * to its agent's team ({@link AgentOwnership}); a team scope sees and changes only its own team's. Every change is
 * audited (kind "anomaly-policy") with the policy before and after.
 */
@ApplicationScoped
public class AnomalyPolicyService {

    private static final OwnerColumn OWNER = new OwnerColumn("anomaly_policies", "agent_id");
    private static final String KIND = "anomaly-policy";

    private final Pool pool;
    private final AnomalyPolicyRepository policies;
    private final AgentOwnership ownership;
    private final AuditTrail audit;

    public AnomalyPolicyService(Pool pool, AnomalyPolicyRepository policies, AgentOwnership ownership,
                                AuditTrail audit) {
        this.pool = pool;
        this.policies = policies;
        this.ownership = ownership;
        this.audit = audit;
    }

    public Uni<List<AnomalyPolicy>> list(TeamScope caller) {
        return policies.list(pool, caller.team().orElse(null));
    }

    /** An agent's policy; another team's is answered as absent (404). */
    public Uni<AnomalyPolicy> get(String agentId, TeamScope caller) {
        return policies.of(pool, List.of(agentId)).map(found -> found.stream().filter(p -> caller.permits(p.teamId()))
                .findFirst().orElseThrow(() -> notFound(agentId)));
    }

    public Uni<AnomalyPolicy> put(String agentId, BigDecimal multiplier, TeamScope caller, Actor actor) {
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, what(agentId), agentId)
                .chain(() -> put(tx, agentId, multiplier, caller, actor)));
    }

    public Uni<Void> delete(String agentId, TeamScope caller, Actor actor) {
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, what(agentId), agentId)
                .chain(() -> delete(tx, agentId, caller, actor))).invoke(deleted -> {
                    if (!deleted) {
                        throw notFound(agentId);
                    }
                }).replaceWithVoid();
    }

    private Uni<AnomalyPolicy> put(SqlClient tx, String agentId, BigDecimal multiplier, TeamScope caller, Actor actor) {
        return find(tx, agentId).flatMap(before -> ownership.owner(tx, caller, agentId,
                        before.map(p -> new AgentOwnership.Current(true, p.teamId())).orElse(AgentOwnership.Current.NONE),
                        "anomaly policy")
                .flatMap(team -> policies.put(tx, agentId, multiplier, team))
                .call(after -> audit.record(tx, actor, new AuditTrail.Change(KIND, before.isPresent() ? "update"
                        : "create", agentId, after.teamId(), before.orElse(null), after))));
    }

    private Uni<Boolean> delete(SqlClient tx, String agentId, TeamScope caller, Actor actor) {
        return find(tx, agentId).flatMap(before -> before.isEmpty() || !caller.permits(before.get().teamId())
                ? Uni.createFrom().item(false)
                : policies.delete(tx, agentId).call(() -> audit.record(tx, actor, new AuditTrail.Change(KIND, "delete",
                        agentId, before.get().teamId(), before.get(), null))));
    }

    private Uni<Optional<AnomalyPolicy>> find(SqlClient tx, String agentId) {
        return policies.of(tx, List.of(agentId)).map(found -> found.stream().findFirst());
    }

    /**
     * The policy an AnomalyPolicy resource describes; one the REST API or another resource set is left alone (409).
     * A resource in a team's namespace ({@code namespace}) acts as that team's team-admin.
     */
    public Uni<AnomalyPolicy> applyResource(String agentId, BigDecimal multiplier, ResourceOwner owner,
                                            TeamScope namespace) {
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner)
                .call(mine -> mine.isEmpty() || mine.get().getString(0).equals(agentId) ? Uni.createFrom().voidItem()
                        : delete(tx, mine.get().getString(0), TeamScope.org(), actor))
                .chain(() -> OWNER.claim(tx, owner, what(agentId), agentId))
                .chain(() -> put(tx, agentId, multiplier, namespace, actor))
                .call(() -> OWNER.own(tx, owner, agentId)));
    }

    public Uni<Void> removeResource(ResourceOwner owner) {
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> mine.isEmpty()
                ? Uni.createFrom().voidItem()
                : delete(tx, mine.get().getString(0), TeamScope.org(), actor).replaceWithVoid()));
    }

    public Uni<List<ResourceOwner>> owners() {
        return OWNER.owners(pool);
    }

    private static String what(String agentId) {
        return "the anomaly policy of agent '" + agentId + "'";
    }

    private static ProblemException notFound(String agentId) {
        return new ProblemException(Response.Status.NOT_FOUND, "Agent '" + agentId + "' has no anomaly policy.");
    }
}

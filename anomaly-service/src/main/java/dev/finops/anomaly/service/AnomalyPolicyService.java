package dev.finops.anomaly.service;

import dev.finops.anomaly.AnomalyPolicy;
import dev.finops.anomaly.repository.AnomalyPolicyRepository;
import dev.finops.http.problem.ProblemException;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;

/** Per-agent multipliers, set through the REST API or by AnomalyPolicy resources (then only by them). */
@ApplicationScoped
public class AnomalyPolicyService {

    private static final OwnerColumn OWNER = new OwnerColumn("anomaly_policies", "agent_id");

    private final Pool pool;
    private final AnomalyPolicyRepository policies;

    public AnomalyPolicyService(Pool pool, AnomalyPolicyRepository policies) {
        this.pool = pool;
        this.policies = policies;
    }

    public Uni<List<AnomalyPolicy>> list() {
        return policies.list(pool);
    }

    public Uni<AnomalyPolicy> get(String agentId) {
        return policies.of(pool, List.of(agentId)).map(found -> found.stream().findFirst().orElseThrow(() ->
                new ProblemException(Response.Status.NOT_FOUND, "Agent '" + agentId + "' has no anomaly policy.")));
    }

    public Uni<AnomalyPolicy> put(String agentId, BigDecimal multiplier) {
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, what(agentId), agentId)
                .chain(() -> policies.put(tx, agentId, multiplier)));
    }

    public Uni<Void> delete(String agentId) {
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, what(agentId), agentId)
                .chain(() -> policies.delete(tx, agentId))).invoke(deleted -> {
                    if (!deleted) {
                        throw new ProblemException(Response.Status.NOT_FOUND, "Agent '" + agentId + "' has no anomaly policy.");
                    }
                }).replaceWithVoid();
    }

    /** The policy an AnomalyPolicy resource describes; one the REST API or another resource set is left alone (409). */
    public Uni<AnomalyPolicy> applyResource(String agentId, BigDecimal multiplier, ResourceOwner owner) {
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner)
                .call(mine -> mine.isEmpty() || mine.get().getString(0).equals(agentId) ? Uni.createFrom().voidItem()
                        : policies.delete(tx, mine.get().getString(0)))
                .chain(() -> OWNER.claim(tx, owner, what(agentId), agentId))
                .chain(() -> policies.put(tx, agentId, multiplier))
                .call(() -> OWNER.own(tx, owner, agentId)));
    }

    public Uni<Void> removeResource(ResourceOwner owner) {
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> mine.isEmpty()
                ? Uni.createFrom().voidItem() : policies.delete(tx, mine.get().getString(0)).replaceWithVoid()));
    }

    public Uni<List<ResourceOwner>> owners() {
        return OWNER.owners(pool);
    }

    private static String what(String agentId) {
        return "the anomaly policy of agent '" + agentId + "'";
    }
}

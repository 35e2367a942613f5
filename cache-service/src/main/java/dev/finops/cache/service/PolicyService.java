package dev.finops.cache.service;

import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.cache.CachePolicy;
import dev.finops.cache.Tenants;
import dev.finops.cache.config.CacheConfig;
import dev.finops.cache.repository.PolicyRepository;
import dev.finops.cache.rest.PolicyRequest;
import dev.finops.http.problem.ProblemException;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.List;

/**
 * Cache policies per namespace and team, and the defaults a namespace without one runs with; CachePolicy resources
 * own theirs. A team's lookups run with its own policy of the namespace, else the org's, else the defaults. Every
 * change is written to the audit trail in its own transaction (kind {@code cache-policy}).
 */
@ApplicationScoped
public class PolicyService {

    static final String KIND = "cache-policy";
    private static final BigDecimal MAX_TTL_HOURS = BigDecimal.valueOf(24 * 366);
    private static final OwnerColumn OWNER = new OwnerColumn("cache_policies", "namespace", "COALESCE(team_id, '')");

    private final PolicyRepository policies;
    private final CacheConfig config;
    private final Pool pool;
    private final AuditTrail audit;

    public PolicyService(PolicyRepository policies, CacheConfig config, Pool pool, AuditTrail audit) {
        this.policies = policies;
        this.config = config;
        this.pool = pool;
        this.audit = audit;
    }

    /** The policy a request describes for a team (null: the org); omitted fields take the defaults; bad value: 400. */
    public CachePolicy checked(String namespace, String team, PolicyRequest r) {
        Prompts.requireNamespace(namespace);
        PolicyRequest req = r == null ? new PolicyRequest(null, null, null, null, null, null) : r;
        CachePolicy d = defaults(namespace, team);
        BigDecimal threshold = req.similarityThreshold() == null ? d.similarityThreshold() : req.similarityThreshold();
        if (threshold.signum() <= 0 || threshold.compareTo(BigDecimal.ONE) > 0 || threshold.scale() > 4) {
            throw ProblemException.badRequest("similarityThreshold", "a cosine similarity in (0, 1], at most 4 decimals");
        }
        BigDecimal ttl = req.ttlHours() == null ? d.ttlHours() : req.ttlHours();
        if (ttl.signum() <= 0 || ttl.compareTo(MAX_TTL_HOURS) > 0 || ttl.scale() > 6) {
            throw ProblemException.badRequest("ttlHours", "must be > 0 and at most " + MAX_TTL_HOURS);
        }
        if (req.maxEntries() != null && req.maxEntries() < 1) {
            throw ProblemException.badRequest("maxEntries", "at least 1, or omit it for no limit");
        }
        return new CachePolicy(namespace, team, req.enabled() == null || req.enabled(), threshold, ttl,
                req.maxEntries(), req.exactOnly() != null && req.exactOnly(), null);
    }

    /** What a team's lookups in the namespace run with (teamId of the answer: whose policy it is). */
    public Uni<CachePolicy> effective(String namespace, String team) {
        return policies.effective(namespace, team).map(p -> p != null ? p : defaults(namespace, null));
    }

    public CachePolicy defaults(String namespace, String team) {
        return new CachePolicy(namespace, team, true, config.defaultThreshold(), config.defaultTtlHours(), null, false,
                null);
    }

    public Uni<CachePolicy> save(CachePolicy policy, Actor actor) {
        String namespace = policy.namespace();
        String tenant = Tenants.of(policy.teamId());
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, what(policy), namespace, tenant)
                .chain(() -> write(tx, policy, actor)));
    }

    /** Answers whether the team (null: the org) had a policy of the namespace. */
    public Uni<Boolean> delete(String namespace, String team, Actor actor) {
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, what(namespace, team), namespace, Tenants.of(team))
                .chain(() -> remove(tx, namespace, team, actor)));
    }

    /**
     * The policy a CachePolicy resource describes, for the team of the resource's Kubernetes namespace; one set
     * through the REST API or by another resource is left alone (409), and a policy the resource no longer names
     * (another cache namespace, or its Kubernetes namespace now another team's) is removed.
     */
    public Uni<CachePolicy> applyResource(CachePolicy policy, ResourceOwner owner) {
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        String namespace = policy.namespace();
        String tenant = Tenants.of(policy.teamId());
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner)
                .call(mine -> mine.isEmpty() || (mine.get().getString(0).equals(namespace)
                        && mine.get().getString(1).equals(tenant)) ? Uni.createFrom().voidItem()
                        : remove(tx, mine.get().getString(0), Tenants.team(mine.get().getString(1)), actor))
                .chain(() -> OWNER.claim(tx, owner, what(policy), namespace, tenant))
                .chain(() -> write(tx, policy, actor))
                .call(() -> OWNER.own(tx, owner, namespace, tenant)));
    }

    public Uni<Void> removeResource(ResourceOwner owner) {
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> mine.isEmpty()
                ? Uni.createFrom().voidItem()
                : remove(tx, mine.get().getString(0), Tenants.team(mine.get().getString(1)), actor).replaceWithVoid()));
    }

    public Uni<List<ResourceOwner>> owners() {
        return OWNER.owners(pool);
    }

    /** Every policy (team null), or those a team's lookups can run with: its own and the org's. */
    public Uni<List<CachePolicy>> all(String team) {
        return policies.all(team);
    }

    private Uni<CachePolicy> write(SqlClient tx, CachePolicy policy, Actor actor) {
        return policies.find(tx, policy.namespace(), policy.teamId()).chain(before -> policies.save(tx, policy)
                .call(after -> audit.record(tx, actor, new AuditTrail.Change(KIND, before == null ? "create" : "update",
                        policy.namespace(), policy.teamId(), before, after))));
    }

    private Uni<Boolean> remove(SqlClient tx, String namespace, String team, Actor actor) {
        return policies.find(tx, namespace, team).chain(before -> before == null ? Uni.createFrom().item(false)
                : policies.delete(tx, namespace, team).call(() -> audit.record(tx, actor,
                        new AuditTrail.Change(KIND, "delete", namespace, team, before, null))));
    }

    private static String what(CachePolicy policy) {
        return what(policy.namespace(), policy.teamId());
    }

    private static String what(String namespace, String team) {
        return "the cache policy of namespace '" + namespace + "'" + (team == null ? "" : " for team '" + team + "'");
    }
}

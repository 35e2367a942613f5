package dev.finops.cache.service;

import dev.finops.cache.CachePolicy;
import dev.finops.cache.config.CacheConfig;
import dev.finops.cache.repository.PolicyRepository;
import dev.finops.cache.rest.PolicyRequest;
import dev.finops.http.problem.ProblemException;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.List;

/** Namespace policies, and the defaults a namespace without one gets; CachePolicy resources own theirs. */
@ApplicationScoped
public class PolicyService {

    private static final BigDecimal MAX_TTL_HOURS = BigDecimal.valueOf(24 * 366);
    private static final OwnerColumn OWNER = new OwnerColumn("cache_policies", "namespace");

    private final PolicyRepository policies;
    private final CacheConfig config;
    private final Pool pool;

    public PolicyService(PolicyRepository policies, CacheConfig config, Pool pool) {
        this.policies = policies;
        this.config = config;
        this.pool = pool;
    }

    /** The policy a request describes: omitted fields take the defaults; a bad value is a 400 naming the field. */
    public CachePolicy checked(String namespace, PolicyRequest r) {
        Prompts.requireNamespace(namespace);
        PolicyRequest req = r == null ? new PolicyRequest(null, null, null, null, null) : r;
        CachePolicy d = defaults(namespace);
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
        return new CachePolicy(namespace, req.enabled() == null || req.enabled(), threshold, ttl, req.maxEntries(),
                req.exactOnly() != null && req.exactOnly(), null);
    }

    public Uni<CachePolicy> effective(String namespace) {
        return policies.find(namespace).map(p -> p != null ? p : defaults(namespace));
    }

    public CachePolicy defaults(String namespace) {
        return new CachePolicy(namespace, true, config.defaultThreshold(), config.defaultTtlHours(), null, false, null);
    }

    public Uni<CachePolicy> save(CachePolicy policy) {
        return OWNER.refuseIfManaged(pool, what(policy.namespace()), policy.namespace()).chain(() -> policies.save(policy));
    }

    public Uni<Boolean> delete(String namespace) {
        return OWNER.refuseIfManaged(pool, what(namespace), namespace).chain(() -> policies.delete(namespace));
    }

    /**
     * The policy a CachePolicy resource describes; one set through the REST API or by another resource is left
     * alone (409), and a namespace the resource no longer names loses its policy.
     */
    public Uni<CachePolicy> applyResource(CachePolicy policy, ResourceOwner owner) {
        String namespace = policy.namespace();
        return OWNER.ownedBy(pool, owner)
                .call(mine -> mine.isEmpty() || mine.get().getString(0).equals(namespace) ? Uni.createFrom().voidItem()
                        : policies.delete(mine.get().getString(0)))
                .chain(() -> OWNER.claim(pool, owner, what(namespace), namespace))
                .chain(() -> policies.save(policy))
                .call(() -> OWNER.own(pool, owner, namespace));
    }

    public Uni<Void> removeResource(ResourceOwner owner) {
        return OWNER.ownedBy(pool, owner).flatMap(mine -> mine.isEmpty() ? Uni.createFrom().voidItem()
                : policies.delete(mine.get().getString(0)).replaceWithVoid());
    }

    public Uni<List<ResourceOwner>> owners() {
        return OWNER.owners(pool);
    }

    private static String what(String namespace) {
        return "the cache policy of namespace '" + namespace + "'";
    }

    public Uni<List<CachePolicy>> all() {
        return policies.all();
    }
}

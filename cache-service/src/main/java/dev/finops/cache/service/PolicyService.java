package dev.finops.cache.service;

import dev.finops.cache.CachePolicy;
import dev.finops.cache.config.CacheConfig;
import dev.finops.cache.repository.PolicyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Namespace policies, and the defaults a namespace without one gets. */
@ApplicationScoped
public class PolicyService {

    private final PolicyRepository policies;
    private final CacheConfig config;

    public PolicyService(PolicyRepository policies, CacheConfig config) {
        this.policies = policies;
        this.config = config;
    }

    public Uni<CachePolicy> effective(String namespace) {
        return policies.find(namespace).map(p -> p != null ? p : defaults(namespace));
    }

    public CachePolicy defaults(String namespace) {
        return new CachePolicy(namespace, true, config.defaultThreshold(), config.defaultTtlHours(), null, false, null);
    }

    public Uni<CachePolicy> save(CachePolicy policy) {
        return policies.save(policy);
    }

    public Uni<Boolean> delete(String namespace) {
        return policies.delete(namespace);
    }

    public Uni<List<CachePolicy>> all() {
        return policies.all();
    }
}

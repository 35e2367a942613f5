package dev.finops.cache.kubernetes;

import dev.finops.cache.rest.PolicyRequest;
import dev.finops.cache.service.PolicyService;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.kubernetes.ResourceReconciler;
import dev.finops.resources.CachePolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** CachePolicy resources → namespace policies, checked as {@code PUT /api/v1/cache/policies/{namespace}} checks them. */
@ApplicationScoped
public class CachePolicyReconciler implements ResourceReconciler<CachePolicy> {

    private final PolicyService policies;

    public CachePolicyReconciler(PolicyService policies) {
        this.policies = policies;
    }

    @Override
    public Class<CachePolicy> kind() {
        return CachePolicy.class;
    }

    @Override
    public Uni<String> apply(CachePolicy resource, ResourceOwner owner) {
        CachePolicy.Spec s = resource.getSpec();
        PolicyRequest request = new PolicyRequest(s.enabled(), s.similarityThreshold(), s.ttlHours(), s.maxEntries(),
                s.exactOnly());
        return policies.applyResource(policies.checked(s.namespace(), request), owner).map(p -> p.namespace());
    }

    @Override
    public Uni<Void> remove(ResourceOwner owner) {
        return policies.removeResource(owner);
    }

    @Override
    public Uni<List<ResourceOwner>> owners() {
        return policies.owners();
    }
}

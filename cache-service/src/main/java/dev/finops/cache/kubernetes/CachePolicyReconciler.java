package dev.finops.cache.kubernetes;

import dev.finops.cache.rest.PolicyRequest;
import dev.finops.cache.service.PolicyService;
import dev.finops.kubernetes.NamespaceTeams;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.kubernetes.ResourceReconciler;
import dev.finops.resources.CachePolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * CachePolicy resources → cache policies, checked as {@code PUT /api/v1/cache/policies/{namespace}} checks them. A
 * resource in a Kubernetes namespace labelled {@code finops.dev/team: T} sets team T's policy, as T's team-admin
 * would; one in an unlabelled namespace sets the org's.
 */
@ApplicationScoped
public class CachePolicyReconciler implements ResourceReconciler<CachePolicy> {

    private final PolicyService policies;
    private final NamespaceTeams teams;

    public CachePolicyReconciler(PolicyService policies, NamespaceTeams teams) {
        this.policies = policies;
        this.teams = teams;
    }

    @Override
    public Class<CachePolicy> kind() {
        return CachePolicy.class;
    }

    @Override
    public Uni<String> apply(CachePolicy resource, ResourceOwner owner) {
        CachePolicy.Spec s = resource.getSpec();
        String team = teams.scopeOf(owner.namespace()).team().orElse(null);
        PolicyRequest request = new PolicyRequest(s.enabled(), s.similarityThreshold(), s.ttlHours(), s.maxEntries(),
                s.exactOnly(), team);
        return policies.applyResource(policies.checked(s.namespace(), team, request), owner).map(p -> p.namespace());
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

package dev.finops.pricing.kubernetes;

import dev.finops.kubernetes.NamespaceTeams;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.kubernetes.ResourceReconciler;
import dev.finops.pricing.routing.RoutingPolicy.RoutingRule;
import dev.finops.pricing.routing.RoutingService;
import dev.finops.resources.RoutingPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * RoutingPolicy resources → routing policies, compiled and checked as {@code PUT /api/v1/routing/policies} does. In a
 * team's namespace (NamespaceTeams) only that team's own policy is valid.
 */
@ApplicationScoped
public class RoutingPolicyReconciler implements ResourceReconciler<RoutingPolicy> {

    private final RoutingService policies;
    private final NamespaceTeams teams;

    public RoutingPolicyReconciler(RoutingService policies, NamespaceTeams teams) {
        this.policies = policies;
        this.teams = teams;
    }

    @Override
    public Class<RoutingPolicy> kind() {
        return RoutingPolicy.class;
    }

    @Override
    public Uni<String> apply(RoutingPolicy resource, ResourceOwner owner) {
        RoutingPolicy.Spec s = resource.getSpec();
        String scopeId = s.scopeId() == null ? "" : s.scopeId();
        List<RoutingRule> rules = s.rules() == null ? null : s.rules().stream()
                .map(r -> new RoutingRule(r.name(), r.condition(), r.model(), r.reason())).toList();
        var policy = new dev.finops.pricing.routing.RoutingPolicy(null, null, s.defaultModel(), rules,
                s.allowedModels(), s.allowUpgrade(), null);
        return policies.applyResource(String.valueOf(s.scope()), scopeId, policy, owner,
                        teams.scopeOf(owner.namespace()))
                .map(p -> scopeId.isEmpty() ? p.scope() : p.scope() + "/" + scopeId);
    }

    @Override
    public Uni<Void> remove(ResourceOwner owner) {
        return policies.removeResource(owner);
    }

    @Override
    public Uni<List<ResourceOwner>> owners() {
        return policies.resourceOwners();
    }
}

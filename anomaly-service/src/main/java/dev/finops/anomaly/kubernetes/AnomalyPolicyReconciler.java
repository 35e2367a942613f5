package dev.finops.anomaly.kubernetes;

import dev.finops.anomaly.rest.AnomalyPolicyRequest;
import dev.finops.anomaly.service.AnomalyPolicyService;
import dev.finops.anomaly.service.BaselineService;
import dev.finops.kubernetes.NamespaceTeams;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.kubernetes.ResourceReconciler;
import dev.finops.resources.AnomalyPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** AnomalyPolicy resources → per-agent multipliers, checked as {@code PUT /api/v1/finops/anomaly-policies} checks them. */
@ApplicationScoped
public class AnomalyPolicyReconciler implements ResourceReconciler<AnomalyPolicy> {

    private final AnomalyPolicyService policies;
    private final RequestValidation validation;
    private final NamespaceTeams teams;

    public AnomalyPolicyReconciler(AnomalyPolicyService policies, RequestValidation validation, NamespaceTeams teams) {
        this.teams = teams;
        this.policies = policies;
        this.validation = validation;
    }

    @Override
    public Class<AnomalyPolicy> kind() {
        return AnomalyPolicy.class;
    }

    @Override
    public Uni<String> apply(AnomalyPolicy resource, ResourceOwner owner) {
        String agent = BaselineService.requireAgent(resource.getSpec().agentId());
        AnomalyPolicyRequest request = validation.valid(new AnomalyPolicyRequest(resource.getSpec().multiplier()));
        return policies.applyResource(agent, request.multiplier(), owner, teams.scopeOf(owner.namespace())).map(p -> p.agentId());
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

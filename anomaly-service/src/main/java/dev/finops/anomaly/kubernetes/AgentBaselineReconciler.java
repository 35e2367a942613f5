package dev.finops.anomaly.kubernetes;

import dev.finops.anomaly.rest.BaselineRequest;
import dev.finops.anomaly.service.BaselineService;
import dev.finops.kubernetes.NamespaceTeams;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.kubernetes.ResourceReconciler;
import dev.finops.resources.AgentBaseline;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * AgentBaseline resources → manual baselines, checked as {@code PUT /api/v1/finops/baselines/{agentId}} checks them.
 * In a team's namespace (NamespaceTeams) the resource acts as that team's team-admin.
 */
@ApplicationScoped
public class AgentBaselineReconciler implements ResourceReconciler<AgentBaseline> {

    private final BaselineService baselines;
    private final RequestValidation validation;
    private final NamespaceTeams teams;

    public AgentBaselineReconciler(BaselineService baselines, RequestValidation validation, NamespaceTeams teams) {
        this.teams = teams;
        this.baselines = baselines;
        this.validation = validation;
    }

    @Override
    public Class<AgentBaseline> kind() {
        return AgentBaseline.class;
    }

    @Override
    public Uni<String> apply(AgentBaseline resource, ResourceOwner owner) {
        String agent = BaselineService.requireAgent(resource.getSpec().agentId());
        BaselineRequest request = validation.valid(new BaselineRequest(resource.getSpec().baselineUsdPerHour()));
        return baselines.applyResource(agent, request.baselineUsdPerHour(), owner, teams.scopeOf(owner.namespace())).map(b -> b.agentId());
    }

    @Override
    public Uni<Void> remove(ResourceOwner owner) {
        return baselines.removeResource(owner);
    }

    @Override
    public Uni<List<ResourceOwner>> owners() {
        return baselines.owners();
    }
}

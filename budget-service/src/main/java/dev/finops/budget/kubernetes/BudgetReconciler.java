package dev.finops.budget.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.budget.rest.BudgetRequest;
import dev.finops.budget.service.BudgetService;
import dev.finops.kubernetes.NamespaceTeams;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.kubernetes.ResourceReconciler;
import dev.finops.resources.Budget;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Budget resources → budgets, through the same validation as {@code POST /api/v1/budgets}; a resource in a team's
 * namespace ({@link NamespaceTeams}) is applied as that team's team-admin would (another team in its scope: Invalid).
 */
@ApplicationScoped
public class BudgetReconciler implements ResourceReconciler<Budget> {

    private final BudgetService budgets;
    private final ObjectMapper json;
    private final NamespaceTeams teams;

    public BudgetReconciler(BudgetService budgets, ObjectMapper json, NamespaceTeams teams) {
        this.budgets = budgets;
        this.json = json;
        this.teams = teams;
    }

    @Override
    public Class<Budget> kind() {
        return Budget.class;
    }

    @Override
    public Uni<String> apply(Budget resource, ResourceOwner owner) {
        Budget.Spec s = resource.getSpec();
        String name = s.name() == null ? resource.getMetadata().getName() : s.name();
        BudgetRequest request = new BudgetRequest(name, s.scope() == null ? null : json.valueToTree(s.scope()),
                s.period(), s.timezone(), s.amountUsd(), s.alertAtPercent(), s.hardLimitPercent(), s.maxTokensPerRun(),
                s.enabled());
        return budgets.apply(request, owner, teams.scopeOf(resource.getMetadata().getNamespace()))
                .map(b -> b.id().toString());
    }

    @Override
    public Uni<Void> remove(ResourceOwner owner) {
        return budgets.removeOwned(owner);
    }

    @Override
    public Uni<List<ResourceOwner>> owners() {
        return budgets.owners();
    }
}

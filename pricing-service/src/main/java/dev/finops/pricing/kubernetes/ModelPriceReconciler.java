package dev.finops.pricing.kubernetes;

import dev.finops.http.problem.ProblemException;
import dev.finops.kubernetes.NamespaceTeams;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.kubernetes.ResourceReconciler;
import dev.finops.pricing.service.RateInput;
import dev.finops.pricing.service.RateService;
import dev.finops.resources.ModelPrice;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * ModelPrice resources → rate versions, through the same checks as {@code PUT /api/v1/finops/valuation-rates}. Rates
 * are org-wide and set by admins only, so a ModelPrice in a team's namespace (NamespaceTeams) is Invalid.
 */
@ApplicationScoped
public class ModelPriceReconciler implements ResourceReconciler<ModelPrice> {

    private final RateService rates;
    private final NamespaceTeams teams;

    public ModelPriceReconciler(RateService rates, NamespaceTeams teams) {
        this.rates = rates;
        this.teams = teams;
    }

    @Override
    public Class<ModelPrice> kind() {
        return ModelPrice.class;
    }

    @Override
    public Uni<String> apply(ModelPrice resource, ResourceOwner owner) {
        teams.scopeOf(owner.namespace()).team().ifPresent(team -> {
            throw ProblemException.badRequest("metadata.namespace", "a ModelPrice sets the org-wide price of a model "
                    + "and cannot live in the namespace of team '" + team + "'; create it in an org namespace");
        });
        ModelPrice.Spec s = resource.getSpec();
        RateInput input = new RateInput(s.modelId(), s.provider(), s.inputRatePerKTokens(), s.outputRatePerKTokens(),
                s.cachedInputRatePerKTokens(), s.cacheWriteRatePerKTokens(), s.reasoningRatePerKTokens(), s.currency(),
                s.effectiveFrom());
        return rates.applyResource(input, owner).map(String::valueOf);
    }

    @Override
    public Uni<Void> remove(ResourceOwner owner) {
        return rates.releaseResource(owner);
    }

    @Override
    public Uni<List<ResourceOwner>> owners() {
        return rates.resourceOwners();
    }
}

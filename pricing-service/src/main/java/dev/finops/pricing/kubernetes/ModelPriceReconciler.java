package dev.finops.pricing.kubernetes;

import dev.finops.kubernetes.ResourceOwner;
import dev.finops.kubernetes.ResourceReconciler;
import dev.finops.pricing.service.RateInput;
import dev.finops.pricing.service.RateService;
import dev.finops.resources.ModelPrice;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** ModelPrice resources → rate versions, through the same checks as {@code PUT /api/v1/finops/valuation-rates}. */
@ApplicationScoped
public class ModelPriceReconciler implements ResourceReconciler<ModelPrice> {

    private final RateService rates;

    public ModelPriceReconciler(RateService rates) {
        this.rates = rates;
    }

    @Override
    public Class<ModelPrice> kind() {
        return ModelPrice.class;
    }

    @Override
    public Uni<String> apply(ModelPrice resource, ResourceOwner owner) {
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

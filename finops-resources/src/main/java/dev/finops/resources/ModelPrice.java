package dev.finops.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.math.BigDecimal;

/** A model's valuation rate, owned by pricing-service. CRD: k8s/crds/finops.dev_modelprices.yaml. */
@Group(FinopsKinds.GROUP)
@Version(FinopsKinds.VERSION)
@Kind("ModelPrice")
@Plural("modelprices")
public class ModelPrice extends CustomResource<ModelPrice.Spec, ResourceStatus> implements Namespaced {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(String modelId, String provider, BigDecimal inputRatePerKTokens,
                       BigDecimal outputRatePerKTokens, BigDecimal cachedInputRatePerKTokens,
                       BigDecimal cacheWriteRatePerKTokens, BigDecimal reasoningRatePerKTokens, String currency,
                       String effectiveFrom) {
    }

    public ModelPrice() {
    }

    public ModelPrice(String name, Spec spec) {
        setMetadata(new ObjectMetaBuilder().withName(name).build());
        setSpec(spec);
    }
}

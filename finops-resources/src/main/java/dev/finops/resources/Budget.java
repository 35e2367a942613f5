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
import java.util.List;

/** A spend limit for a scope and period, owned by budget-service. CRD: k8s/crds/finops.dev_budgets.yaml. */
@Group(FinopsKinds.GROUP)
@Version(FinopsKinds.VERSION)
@Kind("Budget")
@Plural("budgets")
public class Budget extends CustomResource<Budget.Spec, ResourceStatus> implements Namespaced {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(String name, Scope scope, String period, String timezone, BigDecimal amountUsd,
                       List<BigDecimal> alertAtPercent, BigDecimal hardLimitPercent, Long maxTokensPerRun,
                       Boolean enabled) {
    }

    /** The dimensions whose spend counts; none means the whole organisation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Scope(String team, String agent, String customer, String feature, String environment, String model) {
    }

    public Budget() {
    }

    public Budget(String name, Spec spec) {
        setMetadata(new ObjectMetaBuilder().withName(name).build());
        setSpec(spec);
    }
}

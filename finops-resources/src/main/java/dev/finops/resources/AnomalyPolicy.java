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

/** An agent's session burn-rate multiplier, owned by anomaly-service. CRD: k8s/crds/finops.dev_anomalypolicies.yaml. */
@Group(FinopsKinds.GROUP)
@Version(FinopsKinds.VERSION)
@Kind("AnomalyPolicy")
@Plural("anomalypolicies")
public class AnomalyPolicy extends CustomResource<AnomalyPolicy.Spec, ResourceStatus> implements Namespaced {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(String agentId, BigDecimal multiplier) {
    }

    public AnomalyPolicy() {
    }

    public AnomalyPolicy(String name, Spec spec) {
        setMetadata(new ObjectMetaBuilder().withName(name).build());
        setSpec(spec);
    }
}

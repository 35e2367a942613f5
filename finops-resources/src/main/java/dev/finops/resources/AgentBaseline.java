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

/** An agent's manual burn-rate baseline, owned by anomaly-service. CRD: k8s/crds/finops.dev_agentbaselines.yaml. */
@Group(FinopsKinds.GROUP)
@Version(FinopsKinds.VERSION)
@Kind("AgentBaseline")
@Plural("agentbaselines")
public class AgentBaseline extends CustomResource<AgentBaseline.Spec, ResourceStatus> implements Namespaced {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(String agentId, BigDecimal baselineUsdPerHour) {
    }

    public AgentBaseline() {
    }

    public AgentBaseline(String name, Spec spec) {
        setMetadata(new ObjectMetaBuilder().withName(name).build());
        setSpec(spec);
    }
}

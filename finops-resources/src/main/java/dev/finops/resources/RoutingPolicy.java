package dev.finops.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;
import java.util.Map;

/** The routing policy of a scope (global, a team, an agent), owned by pricing-service. CRD: k8s/crds/finops.dev_routingpolicies.yaml. */
@Group(FinopsKinds.GROUP)
@Version(FinopsKinds.VERSION)
@Kind("RoutingPolicy")
@Plural("routingpolicies")
public class RoutingPolicy extends CustomResource<RoutingPolicy.Spec, ResourceStatus> implements Namespaced {

    /** {@code allowUpgrade}: whether the default may replace a cheaper requested model (absent: no). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(String scope, String scopeId, String defaultModel, List<Rule> rules,
                       Map<String, List<String>> allowedModels, Boolean allowUpgrade) {

        public Spec(String scope, String scopeId, String defaultModel, List<Rule> rules,
                    Map<String, List<String>> allowedModels) {
            this(scope, scopeId, defaultModel, rules, allowedModels, null);
        }
    }

    /** When {@code condition} (CEL over request attributes) holds, use {@code model}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rule(String name, String condition, String model, String reason) {
    }

    public RoutingPolicy() {
    }

    public RoutingPolicy(String name, Spec spec) {
        setMetadata(new ObjectMetaBuilder().withName(name).build());
        setSpec(spec);
    }
}

package dev.finops.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Requests and tokens per minute for one API key, team or agent on the gateway, owned by gateway-service.
 * CRD: k8s/crds/finops.dev_llmratelimits.yaml.
 */
@Group(FinopsKinds.GROUP)
@Version(FinopsKinds.VERSION)
@Kind("LLMRateLimit")
@Plural("llmratelimits")
public class LlmRateLimit extends CustomResource<LlmRateLimit.Spec, ResourceStatus> implements Namespaced {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(String scope, String id, Long requestsPerMinute, Long tokensPerMinute) {
    }

    public LlmRateLimit() {
    }

    public LlmRateLimit(String name, Spec spec) {
        setMetadata(new ObjectMetaBuilder().withName(name).build());
        setSpec(spec);
    }
}

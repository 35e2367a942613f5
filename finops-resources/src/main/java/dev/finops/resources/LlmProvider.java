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

/**
 * An LLM provider the gateway forwards to, owned by gateway-service; its API key only by Secret reference.
 * CRD: k8s/crds/finops.dev_llmproviders.yaml.
 */
@Group(FinopsKinds.GROUP)
@Version(FinopsKinds.VERSION)
@Kind("LLMProvider")
@Plural("llmproviders")
public class LlmProvider extends CustomResource<LlmProvider.Spec, ResourceStatus> implements Namespaced {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(String type, String baseUrl, SecretKeyRef apiKeySecretRef, List<String> models,
                       Map<String, List<String>> fallbacks, Integer timeoutMs) {
    }

    public LlmProvider() {
    }

    public LlmProvider(String name, Spec spec) {
        setMetadata(new ObjectMetaBuilder().withName(name).build());
        setSpec(spec);
    }
}

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

/** A cache namespace's policy, owned by cache-service. CRD: k8s/crds/finops.dev_cachepolicies.yaml. */
@Group(FinopsKinds.GROUP)
@Version(FinopsKinds.VERSION)
@Kind("CachePolicy")
@Plural("cachepolicies")
public class CachePolicy extends CustomResource<CachePolicy.Spec, ResourceStatus> implements Namespaced {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(String namespace, Boolean enabled, BigDecimal similarityThreshold, BigDecimal ttlHours,
                       Integer maxEntries, Boolean exactOnly) {
    }

    public CachePolicy() {
    }

    public CachePolicy(String name, Spec spec) {
        setMetadata(new ObjectMetaBuilder().withName(name).build());
        setSpec(spec);
    }
}

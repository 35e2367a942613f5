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

/** Where alerts are delivered, owned by budget-service; secrets by reference. CRD: k8s/crds/finops.dev_alertchannels.yaml. */
@Group(FinopsKinds.GROUP)
@Version(FinopsKinds.VERSION)
@Kind("AlertChannel")
@Plural("alertchannels")
public class AlertChannel extends CustomResource<AlertChannel.Spec, ResourceStatus> implements Namespaced {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(String name, String type, String url, SecretKeyRef urlSecretRef, SecretKeyRef secretRef,
                       String emailTo, String minSeverity, List<String> alertTypes, Boolean enabled) {
    }

    public AlertChannel() {
    }

    public AlertChannel(String name, Spec spec) {
        setMetadata(new ObjectMetaBuilder().withName(name).build());
        setSpec(spec);
    }
}

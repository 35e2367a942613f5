package dev.finops.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** The finops.dev configuration kinds: group, version, and every kind's Java class. */
public final class FinopsKinds {

    public static final String GROUP = "finops.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    public static final List<Class<? extends HasMetadata>> ALL = List.of(ModelPrice.class, RoutingPolicy.class,
            Budget.class, AlertChannel.class, AgentBaseline.class, AnomalyPolicy.class, CachePolicy.class,
            LlmProvider.class, LlmRateLimit.class);

    private FinopsKinds() {
    }

    /** The CRD file of a kind, as committed under k8s/crds and shipped on the classpath under crds/. */
    public static String crdFile(Class<? extends HasMetadata> kind) {
        return "finops.dev_" + HasMetadata.getPlural(kind) + ".yaml";
    }
}

package dev.finops.testing.kubernetes;

import dev.finops.resources.FinopsKinds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Setup of {@code @WithKubernetesTestServer(setup = FinopsCrds.class)}: the committed finops.dev CRDs exist in the
 * mock API server before the service starts its informers (so status is a subresource there, as in a cluster).
 */
public class FinopsCrds implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        for (var kind : FinopsKinds.ALL) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("crds/" + FinopsKinds.crdFile(kind))) {
                CustomResourceDefinition crd = server.getClient().getKubernetesSerialization()
                        .unmarshal(in, CustomResourceDefinition.class);
                server.getClient().apiextensions().v1().customResourceDefinitions().resource(crd).create();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}

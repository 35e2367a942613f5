package dev.finops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Both overlays render and every object they hold is a valid Kubernetes object; the reader itself is strict. */
class StrictParsingTest {

    static final List<String> OVERLAYS = Manifests.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyRenderedObjectParsesStrictlyIntoTheModel(String overlay) {
        Manifests m = Manifests.of(overlay);
        assertEquals(6, m.all(Deployment.class).size(), overlay + ": one Deployment per service");
        assertEquals(9, m.all(CustomResourceDefinition.class).size(), overlay + ": the nine finops.dev CRDs (../crds)");
        Namespace ns = m.named(Namespace.class, "finops");
        assertEquals("restricted", ns.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
        for (HasMetadata o : m.objects()) {
            boolean clusterScoped = o instanceof Namespace || o instanceof CustomResourceDefinition
                    || o instanceof ClusterRole || o instanceof ClusterRoleBinding;
            assertEquals(clusterScoped ? null : "finops", o.getMetadata().getNamespace(),
                    o.getKind() + " " + o.getMetadata().getName());
        }
    }

    @Test
    void anUnknownFieldFails() {
        var e = assertThrows(IllegalArgumentException.class, () -> StrictManifestReader.read(deployment("replica: 2")));
        assertTrue(e.getMessage().contains("\"replica\""), e.getMessage());
    }

    @Test
    void aNumberWhereTheApiWantsAStringFails() {
        String env = "template: {spec: {containers: [{name: a, image: 'a:1', env: [{name: PORT, value: 8081}]}]}}";
        var e = assertThrows(IllegalArgumentException.class, () -> StrictManifestReader.read(deployment(env)));
        assertTrue(e.getMessage().contains("value"), e.getMessage());
    }

    @Test
    void aStringWhereTheApiWantsANumberFails() {
        assertThrows(IllegalArgumentException.class, () -> StrictManifestReader.read(deployment("replicas: \"2\"")));
    }

    @Test
    void aDuplicateKeyFails() {
        assertThrows(IllegalArgumentException.class,
                () -> StrictManifestReader.read(deployment("replicas: 1\n  replicas: 2")));
    }

    @Test
    void aKindWithoutAModelFails() {
        var e = assertThrows(IllegalArgumentException.class, () -> StrictManifestReader.read(
                "apiVersion: v1\nkind: Pdo\nmetadata: {name: x}\n"));
        assertTrue(e.getMessage().contains("no fabric8 model"), e.getMessage());
    }

    @Test
    void aValidObjectParses() {
        List<HasMetadata> read = StrictManifestReader.read(deployment("replicas: 2") + "---\n");
        assertEquals(2, ((Deployment) read.get(0)).getSpec().getReplicas());
        assertFalse(read.isEmpty());
    }

    private static String deployment(String specLine) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  " + specLine + "\n";
    }
}

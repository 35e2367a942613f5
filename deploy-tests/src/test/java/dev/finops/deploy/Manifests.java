package dev.finops.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The objects an overlay renders to, parsed strictly (once per JVM). */
record Manifests(String overlay, List<HasMetadata> objects) {

    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final List<String> SERVICES = List.of("ingest-service", "pricing-service", "budget-service",
            "anomaly-service", "cache-service", "gateway-service");

    private static final Map<String, Manifests> PARSED = new ConcurrentHashMap<>();

    static Manifests of(String overlay) {
        return PARSED.computeIfAbsent(overlay, o -> new Manifests(o, StrictManifestReader.read(Kustomize.render(o))));
    }

    /** A kustomization that is not an overlay (e.g. k8s/teams/research). */
    static Manifests ofDir(String dir) {
        return PARSED.computeIfAbsent(dir, d -> new Manifests(d, StrictManifestReader.read(Kustomize.renderDir(d))));
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> kind, String name) {
        return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + kind.getSimpleName() + " named " + name));
    }
}

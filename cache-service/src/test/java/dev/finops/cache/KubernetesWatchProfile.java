package dev.finops.cache;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** cache-service watching finops.dev resources in namespace finops-test (of the mock API server). */
public class KubernetesWatchProfile implements QuarkusTestProfile {

    static final String NAMESPACE = "finops-test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("finops.kubernetes.watch", "true", "finops.kubernetes.namespace", NAMESPACE,
                "finops.kubernetes.orphan-check-interval", "1s", "finops.kubernetes.retry-backoff", "1s");
    }
}

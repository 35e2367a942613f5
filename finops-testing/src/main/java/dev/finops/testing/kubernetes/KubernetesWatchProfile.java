package dev.finops.testing.kubernetes;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A service watching its finops.dev resources in namespace {@value #NAMESPACE} of the mock API server, checking
 * for vanished resources every second. Only the resource tests use it, so the others start no informer.
 */
public class KubernetesWatchProfile implements QuarkusTestProfile {

    public static final String NAMESPACE = "finops-test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("finops.kubernetes.watch", "true", "finops.kubernetes.namespace", NAMESPACE,
                "finops.kubernetes.orphan-check-interval", "1s", "finops.kubernetes.retry-backoff", "1s");
    }
}

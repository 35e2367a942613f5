package dev.finops.kubernetes;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "finops.kubernetes")
public interface WatchConfig {

    /** Watch this service's finops.dev resources and reconcile them into its tables (env FINOPS_KUBERNETES_WATCH). */
    @WithDefault("false")
    boolean watch();

    /** The namespace watched: unset means the client's own (the pod's namespace), "*" means every namespace. */
    Optional<String> namespace();

    /**
     * How often objects whose resource is gone are looked for and removed (first right after the informer synced,
     * which covers resources deleted while the service was down; later runs cover missed delete events).
     */
    @WithDefault("10m")
    Duration orphanCheckInterval();

    /** Wait before a reconciliation that failed for a passing reason (database down) is retried; doubled each time. */
    @WithDefault("5s")
    Duration retryBackoff();

    /** Longest wait between such retries. */
    @WithDefault("5m")
    Duration maxRetryBackoff();
}

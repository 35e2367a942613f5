package dev.finops.testing.kubernetes;

import dev.finops.resources.ResourceCondition;
import dev.finops.resources.ResourceStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Waits for the status a service writes on a resource. */
public final class ResourceStatuses {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private ResourceStatuses() {
    }

    /**
     * Waits until the resource's status has observed its current generation and carries {@code type}=True
     * (Ready or Invalid); answers that condition.
     */
    public static <R extends CustomResource<?, ResourceStatus>> ResourceCondition await(
            KubernetesClient client, Class<R> kind, String namespace, String name, String type) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        R last = null;
        while (Instant.now().isBefore(deadline)) {
            last = client.resources(kind).inNamespace(namespace).withName(name).get();
            ResourceStatus s = last == null ? null : last.getStatus();
            if (s != null && Objects.equals(s.observedGeneration(), last.getMetadata().getGeneration())
                    && s.conditions() != null) {
                var match = s.conditions().stream().filter(c -> c.type().equals(type) && "True".equals(c.status()))
                        .findFirst();
                if (match.isPresent()) {
                    return match.get();
                }
            }
            sleep();
        }
        throw new AssertionError(kind.getSimpleName() + " " + namespace + "/" + name + " never became " + type
                + "; last seen: " + (last == null ? "none" : last.getStatus()));
    }

    /** Waits until {@code check} passes (e.g. the service's REST API shows a change), failing with its last error. */
    public static void eventually(Runnable check) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

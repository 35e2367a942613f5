package dev.finops.kubernetes;

import dev.finops.resources.ResourceStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Writes a resource's status subresource with a plain update of the latest copy (no server-side apply), retried
 * when someone else changed the resource in between; an unchanged status is not written again.
 */
final class StatusWriter {

    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;

    StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    @SuppressWarnings("unchecked")
    <R extends CustomResource<?, ResourceStatus>> void write(R resource, ResourceStatus status) {
        Class<R> kind = (Class<R>) resource.getClass();
        for (int attempt = 1; ; attempt++) {
            R latest = client.resources(kind).inNamespace(resource.getMetadata().getNamespace())
                    .withName(resource.getMetadata().getName()).get();
            if (latest == null || !resource.getMetadata().getUid().equals(latest.getMetadata().getUid())
                    || Conditions.same(latest.getStatus(), status)) {
                return;
            }
            latest.setStatus(status);
            try {
                client.resources(kind).resource(latest).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}

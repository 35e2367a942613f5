package dev.finops.kubernetes;

import dev.finops.resources.ResourceStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * What a service does with one kind of resource, through its own service layer. {@link ResourceWatch} calls it
 * on one thread, writes the status and decides when: on add and spec change, on delete, and after a restart.
 */
public interface ResourceReconciler<R extends CustomResource<?, ResourceStatus>> {

    Class<R> kind();

    /**
     * Creates or updates the object the resource describes, marked as owned by {@code owner}; answers its id.
     * A {@link dev.finops.http.problem.ProblemException} (the REST API's own validation) makes the resource Invalid.
     */
    Uni<String> apply(R resource, ResourceOwner owner);

    /** Deletes what the resource created; nothing when it created nothing. */
    Uni<Void> remove(ResourceOwner owner);

    /** The owners of every object resources of this kind created (all namespaces). */
    Uni<List<ResourceOwner>> owners();
}

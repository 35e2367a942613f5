package dev.finops.cache.rest;

import dev.finops.cache.CachePolicy;
import dev.finops.cache.service.PolicyService;
import dev.finops.cache.service.Prompts;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/cache/policies")
@Tag(name = "cache policies", description = "Per-namespace cache policy")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final PolicyService policies;

    public PolicyResource(PolicyService policies) {
        this.policies = policies;
    }

    @GET
    @RolesAllowed({Role.ADMIN, Role.READER})
    public Uni<List<CachePolicy>> all() {
        return policies.all();
    }

    /** The namespace's policy, or the defaults it runs with (updatedAt null). */
    @GET
    @Path("/{namespace}")
    @RolesAllowed({Role.ADMIN, Role.READER})
    public Uni<CachePolicy> get(@PathParam("namespace") String namespace) {
        Prompts.requireNamespace(namespace);
        return policies.effective(namespace);
    }

    @PUT
    @Path("/{namespace}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    public Uni<CachePolicy> put(@PathParam("namespace") String namespace, PolicyRequest r) {
        return policies.save(policies.checked(namespace, r));
    }

    @DELETE
    @Path("/{namespace}")
    @RolesAllowed(Role.ADMIN)
    public Uni<Response> delete(@PathParam("namespace") String namespace) {
        Prompts.requireNamespace(namespace);
        return policies.delete(namespace).map(deleted -> {
            if (!deleted) {
                throw new ProblemException(Response.Status.NOT_FOUND, "Namespace " + namespace + " has no policy.");
            }
            return Response.noContent().build();
        });
    }
}

package dev.finops.cache.rest;

import dev.finops.audit.Actor;
import dev.finops.cache.CacheSharing;
import dev.finops.cache.service.Prompts;
import dev.finops.cache.service.SharingService;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Sharing a team's cache namespace with other teams: set by admins only; readable by every key, a team key seeing
 * the sharings its team owns or receives.
 */
@Path("/api/v1/cache")
@Tag(name = "cache sharing", description = "A team's entries of a namespace, readable by other teams' lookups")
@Produces(MediaType.APPLICATION_JSON)
public class SharingResource {

    private final SharingService sharing;
    private final SecurityIdentity identity;

    public SharingResource(SharingService sharing, SecurityIdentity identity) {
        this.sharing = sharing;
        this.identity = identity;
    }

    @GET
    @Path("/sharing")
    @RolesAllowed(Role.READER)
    @Operation(summary = "Every sharing of every namespace (a team key: those its team owns or receives)")
    public Uni<List<CacheSharing>> all() {
        return sharing.list(null, TeamScope.of(identity).team().orElse(null));
    }

    @GET
    @Path("/namespaces/{namespace}/sharing")
    @RolesAllowed(Role.READER)
    @Operation(summary = "The sharings of one namespace, one per owner team (a team key: those its team owns or receives)")
    public Uni<List<CacheSharing>> get(@PathParam("namespace") String namespace) {
        Prompts.requireNamespace(namespace);
        return sharing.list(namespace, TeamScope.of(identity).team().orElse(null));
    }

    @PUT
    @Path("/namespaces/{namespace}/sharing")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Share ownerTeam's entries of the namespace with teams, or with every team",
            description = "{ownerTeam, teams: [...]} or {ownerTeam, allTeams: true}; replaces the owner's sharing of "
                    + "this namespace. teams [] without allTeams removes it (200 {shared: false}).")
    public Uni<Object> put(@PathParam("namespace") String namespace, SharingRequest request) {
        return sharing.share(namespace, request, Actor.of(identity)).map(s -> s != null ? s
                : Map.of("namespace", namespace, "ownerTeam", request.ownerTeam().trim(), "shared", false));
    }

    @DELETE
    @Path("/namespaces/{namespace}/sharing")
    @RolesAllowed(Role.ADMIN)
    public Uni<Response> delete(@PathParam("namespace") String namespace, @QueryParam("ownerTeam") String ownerTeam) {
        return sharing.unshare(namespace, ownerTeam, Actor.of(identity)).map(removed -> {
            if (!removed) {
                throw new ProblemException(Response.Status.NOT_FOUND, "Team '" + ownerTeam + "' does not share "
                        + "namespace " + namespace + ".");
            }
            return Response.noContent().build();
        });
    }
}

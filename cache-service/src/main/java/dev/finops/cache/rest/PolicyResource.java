package dev.finops.cache.rest;

import dev.finops.audit.Actor;
import dev.finops.cache.CachePolicy;
import dev.finops.cache.service.PolicyService;
import dev.finops.cache.service.Prompts;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Cache policies per namespace and team. A team key acts for its team ({@code teamId} naming another: 403); an org
 * key names the team with {@code teamId}, or, without it, acts on the org's policy (the fallback of every team).
 */
@Path("/api/v1/cache/policies")
@Tag(name = "cache policies", description = "Per-namespace cache policy, owned by a team or the org")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final PolicyService policies;
    private final SecurityIdentity identity;

    public PolicyResource(PolicyService policies, SecurityIdentity identity) {
        this.policies = policies;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Role.READER)
    @Operation(summary = "Policies: a team key sees its team's and the org's; an org key every one, or one team's")
    public Uni<List<CachePolicy>> all(@QueryParam("teamId") String teamId) {
        return policies.all(TeamScope.of(identity).resolve("teamId", teamId));
    }

    /** The policy the team's lookups in the namespace run with: its own, the org's, or the defaults (updatedAt null). */
    @GET
    @Path("/{namespace}")
    @RolesAllowed(Role.READER)
    public Uni<CachePolicy> get(@PathParam("namespace") String namespace, @QueryParam("teamId") String teamId) {
        Prompts.requireNamespace(namespace);
        return policies.effective(namespace, TeamScope.of(identity).resolve("teamId", teamId));
    }

    @PUT
    @Path("/{namespace}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.TEAM_ADMIN)
    @Operation(summary = "Create or replace a team's (or, from an org key without teamId, the org's) policy")
    public Uni<CachePolicy> put(@PathParam("namespace") String namespace, PolicyRequest r) {
        String team = TeamScope.of(identity).resolve("teamId", r == null ? null : r.teamId());
        return policies.save(policies.checked(namespace, team, r), Actor.of(identity));
    }

    @DELETE
    @Path("/{namespace}")
    @RolesAllowed(Role.TEAM_ADMIN)
    public Uni<Response> delete(@PathParam("namespace") String namespace, @QueryParam("teamId") String teamId) {
        Prompts.requireNamespace(namespace);
        String team = TeamScope.of(identity).resolve("teamId", teamId);
        return policies.delete(namespace, team, Actor.of(identity)).map(deleted -> {
            if (!deleted) {
                throw new ProblemException(Response.Status.NOT_FOUND, "Namespace " + namespace + " has no policy"
                        + (team == null ? " of the org." : " of team '" + team + "'."));
            }
            return Response.noContent().build();
        });
    }
}

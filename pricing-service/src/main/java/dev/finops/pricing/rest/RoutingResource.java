package dev.finops.pricing.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.audit.Actor;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import dev.finops.pricing.routing.Router;
import dev.finops.pricing.routing.RoutingDecision;
import dev.finops.pricing.routing.RoutingPolicy;
import dev.finops.pricing.routing.RoutingService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/routing")
@Tag(name = "routing", description = "Rules that send simple work to cheaper models")
@Produces(MediaType.APPLICATION_JSON)
public class RoutingResource {

    private final RoutingService policies;
    private final Router router;
    private final SecurityIdentity identity;

    public RoutingResource(RoutingService policies, Router router, SecurityIdentity identity) {
        this.policies = policies;
        this.router = router;
        this.identity = identity;
    }

    @POST
    @Path("/decide")
    @RolesAllowed({Role.READER, Role.INGEST})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which model should this request use?",
            description = "Body: request attributes (taskComplexity, taskType, agentId, teamId, feature, environment, "
                    + "customerId, estimatedInputTokens, estimatedOutputTokens, … and any other; the snake_case "
                    + "spellings task_complexity, team_id, … are accepted too) plus requestedModel. A team-bound key "
                    + "routes as its team (naming another team is a 403); admin and service keys may name one. "
                    + "Answers {model, rule, reason, requestedModel, estimatedSavingsPerKTokens, policy}. Decided "
                    + "from memory.")
    public RoutingDecision decide(JsonNode request) {
        return router.decide(request, TeamScope.of(identity));
    }

    @GET
    @Path("/policies")
    @RolesAllowed(Role.READER)
    @Operation(summary = "Every routing policy", description = "A team-bound key sees the global and agents' "
            + "policies and its own team's, not other teams'.")
    public List<RoutingPolicy> list() {
        return policies.list(TeamScope.of(identity));
    }

    @GET
    @Path("/policies/{scope}")
    @RolesAllowed(Role.READER)
    @Operation(summary = "The global policy (scope 'global')")
    public RoutingPolicy getGlobal(@PathParam("scope") String scope) {
        return policies.get(scope(scope, ""), "", TeamScope.of(identity));
    }

    @GET
    @Path("/policies/{scope}/{scopeId}")
    @RolesAllowed(Role.READER)
    @Operation(summary = "The policy of a team or an agent (scope 'team' or 'agent')")
    public RoutingPolicy get(@PathParam("scope") String scope, @PathParam("scopeId") String scopeId) {
        return policies.get(scope(scope, scopeId), scopeId, TeamScope.of(identity));
    }

    @PUT
    @Path("/policies/{scope}")
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace the global policy",
            description = "{defaultModel, rules: [{name, condition (CEL), model, reason}], allowedModels: "
                    + "{environment|'*': [model…]}, allowUpgrade (default false: when no rule matches, the default "
                    + "never replaces a cheaper requested model)}. Admin only. A condition that is not valid CEL is a 422 with its position.")
    public Uni<RoutingPolicy> putGlobal(@PathParam("scope") String scope, RoutingPolicy policy) {
        return policies.put(scope(scope, ""), "", body(policy), Actor.of(identity));
    }

    @PUT
    @Path("/policies/{scope}/{scopeId}")
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace the policy of a team or an agent")
    public Uni<RoutingPolicy> put(@PathParam("scope") String scope, @PathParam("scopeId") String scopeId,
                                  RoutingPolicy policy) {
        return policies.put(scope(scope, scopeId), scopeId, body(policy), Actor.of(identity));
    }

    @DELETE
    @Path("/policies/{scope}")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Delete the global policy")
    public Uni<Response> deleteGlobal(@PathParam("scope") String scope) {
        return policies.delete(scope(scope, ""), "", Actor.of(identity)).map(v -> Response.noContent().build());
    }

    @DELETE
    @Path("/policies/{scope}/{scopeId}")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Delete the policy of a team or an agent")
    public Uni<Response> delete(@PathParam("scope") String scope, @PathParam("scopeId") String scopeId) {
        return policies.delete(scope(scope, scopeId), scopeId, Actor.of(identity)).map(v -> Response.noContent().build());
    }

    private static String scope(String scope, String scopeId) {
        return RoutingService.scope(scope, scopeId);
    }

    private static RoutingPolicy body(RoutingPolicy policy) {
        if (policy == null) {
            throw ProblemException.badRequest("body", "send {\"defaultModel\": ..., \"rules\": [...]}");
        }
        return policy;
    }
}

package dev.finops.anomaly.rest;

import dev.finops.anomaly.AnomalyPolicy;
import dev.finops.anomaly.service.AnomalyPolicyService;
import dev.finops.anomaly.service.BaselineService;
import dev.finops.audit.Actor;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Per-agent session multipliers (also set by AnomalyPolicy resources, which the API then may not change). */
@Path("/api/v1/finops/anomaly-policies")
@Produces(MediaType.APPLICATION_JSON)
public class AnomalyPolicyResource {

    private final AnomalyPolicyService policies;
    private final SecurityIdentity identity;

    public AnomalyPolicyResource(AnomalyPolicyService policies, SecurityIdentity identity) {
        this.policies = policies;
        this.identity = identity;
    }

    /** Every agent's policy (a team-bound key: its team's). */
    @GET
    @RolesAllowed(Role.READER)
    public Uni<List<AnomalyPolicy>> list() {
        return policies.list(TeamScope.of(identity));
    }

    @GET
    @Path("/{agentId}")
    @RolesAllowed(Role.READER)
    public Uni<AnomalyPolicy> get(@PathParam("agentId") String agentId) {
        return policies.get(BaselineService.requireAgent(agentId), TeamScope.of(identity));
    }

    /**
     * Sets the agent's multiplier: its sessions are anomalous above baseline x multiplier. Admin, or a team-admin for
     * an agent of its own team (another team's agent: 404).
     */
    @PUT
    @Path("/{agentId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.TEAM_ADMIN)
    public Uni<AnomalyPolicy> put(@PathParam("agentId") String agentId,
                                  @Valid @NotNull(message = "a JSON body with multiplier is required") AnomalyPolicyRequest request) {
        return policies.put(BaselineService.requireAgent(agentId), request.multiplier(), TeamScope.of(identity),
                Actor.of(identity));
    }

    /** Removes the agent's multiplier; the configured one applies again. */
    @DELETE
    @Path("/{agentId}")
    @RolesAllowed(Role.TEAM_ADMIN)
    public Uni<Void> delete(@PathParam("agentId") String agentId) {
        return policies.delete(BaselineService.requireAgent(agentId), TeamScope.of(identity), Actor.of(identity));
    }
}

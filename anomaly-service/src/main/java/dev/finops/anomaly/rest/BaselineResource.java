package dev.finops.anomaly.rest;

import dev.finops.anomaly.Baseline;
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

@Path("/api/v1/finops/baselines")
@Produces(MediaType.APPLICATION_JSON)
public class BaselineResource {

    private final BaselineService baselines;
    private final SecurityIdentity identity;

    public BaselineResource(BaselineService baselines, SecurityIdentity identity) {
        this.baselines = baselines;
        this.identity = identity;
    }

    /** Every agent's baseline, manual or automatic (a team-bound key: its team's). */
    @GET
    @RolesAllowed(Role.READER)
    public Uni<List<Baseline>> list() {
        return baselines.list(TeamScope.of(identity));
    }

    /**
     * Sets the agent's manual baseline (it replaces the automatic one). Admin, or a team-admin for an agent of its
     * own team (another team's agent: 404).
     */
    @PUT
    @Path("/{agentId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.TEAM_ADMIN)
    public Uni<Baseline> put(@PathParam("agentId") String agentId,
                             @Valid @NotNull(message = "a JSON body with baselineUsdPerHour is required") BaselineRequest request) {
        return baselines.putManual(agent(agentId), request.baselineUsdPerHour(), TeamScope.of(identity),
                Actor.of(identity));
    }

    /** Removes the agent's manual baseline; its automatic one applies again. */
    @DELETE
    @Path("/{agentId}")
    @RolesAllowed(Role.TEAM_ADMIN)
    public Uni<Void> delete(@PathParam("agentId") String agentId) {
        return baselines.deleteManual(agent(agentId), TeamScope.of(identity), Actor.of(identity));
    }

    private static String agent(String agentId) {
        return BaselineService.requireAgent(agentId);
    }
}

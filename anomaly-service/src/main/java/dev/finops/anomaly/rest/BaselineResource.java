package dev.finops.anomaly.rest;

import dev.finops.anomaly.Baseline;
import dev.finops.anomaly.service.BaselineService;
import dev.finops.http.auth.Role;
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

    public BaselineResource(BaselineService baselines) {
        this.baselines = baselines;
    }

    /** Every agent's baseline, manual or automatic. */
    @GET
    @RolesAllowed(Role.READER)
    public Uni<List<Baseline>> list() {
        return baselines.list();
    }

    /** Sets the agent's manual baseline (it replaces the automatic one). */
    @PUT
    @Path("/{agentId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    public Uni<Baseline> put(@PathParam("agentId") String agentId,
                             @Valid @NotNull(message = "a JSON body with baselineUsdPerHour is required") BaselineRequest request) {
        return baselines.putManual(agent(agentId), request.baselineUsdPerHour());
    }

    /** Removes the agent's manual baseline; its automatic one applies again. */
    @DELETE
    @Path("/{agentId}")
    @RolesAllowed(Role.ADMIN)
    public Uni<Void> delete(@PathParam("agentId") String agentId) {
        return baselines.deleteManual(agent(agentId));
    }

    private static String agent(String agentId) {
        return BaselineService.requireAgent(agentId);
    }
}

package dev.finops.anomaly.rest;

import dev.finops.anomaly.BurnRate;
import dev.finops.anomaly.service.BurnRateWindows;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.QueryParam;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("/api/v1/finops/burn-rates")
@Produces(MediaType.APPLICATION_JSON)
public class BurnRateResource {

    private final BurnRateWindows windows;
    private final SecurityIdentity identity;

    public BurnRateResource(BurnRateWindows windows, SecurityIdentity identity) {
        this.windows = windows;
        this.identity = identity;
    }

    /**
     * One entry per session with events in the sliding window, highest burn rate first. A team-bound key sees its
     * team's sessions only (teamId naming another team: 403); an org key may filter by teamId.
     */
    @GET
    @Path("/active")
    @RolesAllowed(Role.READER)
    public List<BurnRate> active(@QueryParam("teamId") String teamId) {
        String team = TeamScope.of(identity).resolve("teamId", teamId);
        return windows.active().stream().filter(b -> team == null || team.equals(b.teamId())).toList();
    }
}

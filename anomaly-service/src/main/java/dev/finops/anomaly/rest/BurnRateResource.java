package dev.finops.anomaly.rest;

import dev.finops.anomaly.BurnRate;
import dev.finops.anomaly.service.BurnRateWindows;
import dev.finops.http.auth.Role;
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

    public BurnRateResource(BurnRateWindows windows) {
        this.windows = windows;
    }

    /** One entry per session with events in the sliding window, highest burn rate first. */
    @GET
    @Path("/active")
    @RolesAllowed(Role.READER)
    public List<BurnRate> active() {
        return windows.active();
    }
}

package dev.finops.budget.rest;

import dev.finops.budget.error.Ids;
import dev.finops.budget.service.AlertService;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
public class AlertResource {

    private final AlertService alerts;
    private final SecurityIdentity identity;

    public AlertResource(AlertService alerts, SecurityIdentity identity) {
        this.alerts = alerts;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.SERVICE, Role.ADMIN})
    @Operation(summary = "Hand an alert over for delivery (202); a dedupKey seen before is ignored (200, duplicate)")
    public Uni<Response> submit(AlertRequest request) {
        return alerts.submit(request, identity.getPrincipal().getName(), TeamScope.of(identity))
                .map(a -> Response.status(a.duplicate() ? 200 : 202).entity(a).build());
    }

    @GET
    @RolesAllowed(Role.READER)
    @Operation(summary = "Recent alerts, newest first, each with its delivery attempts and status per channel",
            description = "A team key sees its team's alerts only; ?teamId= one team's, ?budgetId= one budget's.")
    public Uni<List<AlertService.AlertView>> list(@QueryParam("budgetId") String budgetId,
                                                  @QueryParam("teamId") String teamId,
                                                  @QueryParam("limit") @DefaultValue("100") String limit) {
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 1000) {
            throw dev.finops.http.problem.ProblemException.badRequest("limit", "a whole number from 1 to 1000");
        }
        return alerts.recent(budgetId == null ? null
                : Ids.parse(budgetId, dev.finops.budget.error.BudgetNotFoundException::new), TeamScope.of(identity),
                teamId, n);
    }

    @POST
    @Path("/{id}/resend")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Queue an alert's dead-lettered deliveries again")
    public Uni<Map<String, Integer>> resend(@PathParam("id") String id) {
        return alerts.resend(Ids.parse(id, AlertService::notFound)).map(n -> Map.of("requeued", n));
    }
}

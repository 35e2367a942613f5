package dev.finops.budget.rest;

import dev.finops.budget.error.BudgetNotFoundException;
import dev.finops.budget.error.Ids;
import dev.finops.budget.service.BurnDown;
import dev.finops.budget.service.BurnDownService;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/finops/budget")
@Tag(name = "finops", description = "Dashboard views")
public class FinopsBudgetResource {

    private final BurnDownService burnDowns;
    private final SecurityIdentity identity;

    public FinopsBudgetResource(BurnDownService burnDowns, SecurityIdentity identity) {
        this.burnDowns = burnDowns;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Role.READER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Burn-down of a budget's current period: cumulative actual per day, the cap, and projections"
            + " (linear period-to-date and trailing 7-day run rate); without budgetId the org monthly budget, or with"
            + " a team key (or ?teamId=) the team's monthly budget")
    public Uni<BurnDown> burnDown(@QueryParam("budgetId") String budgetId, @QueryParam("teamId") String teamId) {
        return burnDowns.burnDown(budgetId == null || budgetId.isBlank() ? null
                : Ids.parse(budgetId, BudgetNotFoundException::new), TeamScope.of(identity), teamId, Instant.now());
    }
}

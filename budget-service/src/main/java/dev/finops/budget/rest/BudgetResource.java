package dev.finops.budget.rest;

import dev.finops.budget.Budget;
import dev.finops.budget.error.BudgetNotFoundException;
import dev.finops.budget.error.Ids;
import dev.finops.budget.service.BudgetService;
import dev.finops.budget.service.BudgetStatus;
import dev.finops.budget.service.StatusService;
import dev.finops.audit.Actor;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/budgets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "budgets", description = "Spend limits per scope and period, with alerts and optional hard caps")
public class BudgetResource {

    private final BudgetService budgets;
    private final StatusService statuses;
    private final SecurityIdentity identity;

    public BudgetResource(BudgetService budgets, StatusService statuses, SecurityIdentity identity) {
        this.budgets = budgets;
        this.statuses = statuses;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Role.TEAM_ADMIN)
    @Operation(summary = "Create a budget",
            description = "A team-admin key's budget is its team's: scope.team is filled in when left out; another team"
                    + " or \"org\" is a 403 naming the key's team.")
    public Uni<Response> create(BudgetRequest request) {
        return budgets.create(request, TeamScope.of(identity), Actor.of(identity))
                .map(b -> Response.created(URI.create("/api/v1/budgets/" + b.id())).entity(b).build());
    }

    @GET
    @RolesAllowed(Role.READER)
    @Operation(summary = "All budgets, by name; a team key's team's only, ?teamId= one team's")
    public Uni<List<Budget>> list(@QueryParam("teamId") String teamId) {
        return budgets.list(TeamScope.of(identity), teamId);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.READER)
    public Uni<Budget> get(@PathParam("id") String id) {
        return budgets.get(Ids.parse(id, BudgetNotFoundException::new), TeamScope.of(identity));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Role.TEAM_ADMIN)
    @Operation(summary = "Replace a budget; spend already recorded for its current period is kept")
    public Uni<Budget> replace(@PathParam("id") String id, BudgetRequest request) {
        return budgets.replace(Ids.parse(id, BudgetNotFoundException::new), request, TeamScope.of(identity),
                Actor.of(identity));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.TEAM_ADMIN)
    public Uni<Response> delete(@PathParam("id") String id) {
        return budgets.delete(Ids.parse(id, BudgetNotFoundException::new), TeamScope.of(identity), Actor.of(identity))
                .map(x -> Response.noContent().build());
    }

    @GET
    @Path("/{id}/status")
    @RolesAllowed(Role.READER)
    @Operation(summary = "The current period: spend, percent, remaining, projected end-of-period spend, state")
    public Uni<BudgetStatus> status(@PathParam("id") String id) {
        return statuses.status(Ids.parse(id, BudgetNotFoundException::new), TeamScope.of(identity), Instant.now());
    }
}

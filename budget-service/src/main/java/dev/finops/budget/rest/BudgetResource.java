package dev.finops.budget.rest;

import dev.finops.budget.Budget;
import dev.finops.budget.error.BudgetNotFoundException;
import dev.finops.budget.error.Ids;
import dev.finops.budget.service.BudgetService;
import dev.finops.budget.service.BudgetStatus;
import dev.finops.budget.service.StatusService;
import dev.finops.http.auth.Role;
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

    public BudgetResource(BudgetService budgets, StatusService statuses) {
        this.budgets = budgets;
        this.statuses = statuses;
    }

    @POST
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Create a budget")
    public Uni<Response> create(BudgetRequest request) {
        return budgets.create(request)
                .map(b -> Response.created(URI.create("/api/v1/budgets/" + b.id())).entity(b).build());
    }

    @GET
    @RolesAllowed(Role.READER)
    @Operation(summary = "All budgets, by name")
    public Uni<List<Budget>> list() {
        return budgets.list();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.READER)
    public Uni<Budget> get(@PathParam("id") String id) {
        return budgets.get(Ids.parse(id, BudgetNotFoundException::new));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Replace a budget; spend already recorded for its current period is kept")
    public Uni<Budget> replace(@PathParam("id") String id, BudgetRequest request) {
        return budgets.replace(Ids.parse(id, BudgetNotFoundException::new), request);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN)
    public Uni<Response> delete(@PathParam("id") String id) {
        return budgets.delete(Ids.parse(id, BudgetNotFoundException::new)).map(x -> Response.noContent().build());
    }

    @GET
    @Path("/{id}/status")
    @RolesAllowed(Role.READER)
    @Operation(summary = "The current period: spend, percent, remaining, projected end-of-period spend, state")
    public Uni<BudgetStatus> status(@PathParam("id") String id) {
        return statuses.status(Ids.parse(id, BudgetNotFoundException::new), Instant.now());
    }
}

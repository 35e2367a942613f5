package dev.finops.budget.rest;

import dev.finops.budget.service.CheckResult;
import dev.finops.budget.service.CheckService;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/budgets/check")
@Tag(name = "budgets")
public class CheckResource {

    private final CheckService checks;
    private final SecurityIdentity identity;

    public CheckResource(CheckService checks, SecurityIdentity identity) {
        this.checks = checks;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Role.INGEST, Role.READER})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "May this caller spend now? 200 with the room left, or 429 naming the budget, with Retry-After",
            description = "A workload key checks for its own team. With estimatedCostUsd the estimate is reserved"
                    + " against every matching budget with a hard limit: far from the cap out of the replica's lease"
                    + " (no reservationId), near it by a reservation of its own (reservationId) held until the usage"
                    + " event with the same eventId (or runId) arrives or the reservation expires.")
    public Uni<CheckResult> check(CheckRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "send the attribution of the coming call as a JSON object");
        }
        // A team key checks for its own team (naming another is a 403); an org key (the gateway's service key) names it.
        return checks.check(request, TeamScope.of(identity).resolve("teamId", request.teamId()));
    }
}

package dev.finops.ingest.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.economics.OutcomeService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/outcomes")
@Tag(name = "unit economics", description = "Business outcomes and the cost per outcome")
public class OutcomeResource {

    private final OutcomeService outcomes;
    private final SecurityIdentity identity;

    public OutcomeResource(OutcomeService outcomes, SecurityIdentity identity) {
        this.outcomes = outcomes;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Role.INGEST, Role.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report business outcomes: one object or an array",
            description = "Each: outcomeId (idempotency key per team), type (e.g. ticket_resolved), count (default 1), "
                    + "timestamp, agentId, feature, customerId, environment; teamId as for usage. A replay answers "
                    + "duplicate=true; the same outcomeId with another body is 409. Invalid items reject the request whole.")
    public Uni<List<OutcomeService.Accepted>> report(JsonNode body) {
        if (body == null || !(body.isObject() || body.isArray())) {
            throw ProblemException.badRequest("body", "send an outcome object or an array of them");
        }
        return outcomes.report(body, (ApiKeyPrincipal) identity.getPrincipal());
    }
}

package dev.finops.ingest.rest;

import dev.finops.audit.Actor;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.service.CorrectionService;
import dev.finops.ingest.service.CorrectionService.Correction;
import dev.finops.ingest.service.CorrectionService.Corrected;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/usage")
@Tag(name = "corrections", description = "Void or correct a stored event: appended to the ledger, never rewritten")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CorrectionResource {

    /** Why the event is voided (required). */
    public record VoidRequest(String reason) {
    }

    /** The corrected token counts and/or model (absent: unchanged), and why (required). */
    public record CorrectRequest(Long inputTokens, Long cachedInputTokens, Long cacheWriteInputTokens,
                                 Long outputTokens, Long reasoningTokens, String model, String reason) {
    }

    private final CorrectionService corrections;
    private final SecurityIdentity identity;

    public CorrectionResource(CorrectionService corrections, SecurityIdentity identity) {
        this.corrections = corrections;
        this.identity = identity;
    }

    @POST
    @Path("/{eventId: .+}:void")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Void an event: a revaluation entry takes back its whole cost and tokens (409 if void)")
    public Uni<Correction> voidEvent(@PathParam("eventId") String eventId, @QueryParam("teamId") String teamId,
                                     VoidRequest request) {
        String reason = reason(request == null ? null : request.reason());
        return corrections.voidEvent(Actor.of(identity), TeamScope.of(identity), eventId, teamId, reason);
    }

    @POST
    @Path("/{eventId: .+}:correct")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Correct an event's tokens and/or model: a revaluation entry carries the exact deltas")
    public Uni<Correction> correct(@PathParam("eventId") String eventId, @QueryParam("teamId") String teamId,
                                   CorrectRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "send the corrected fields and a reason");
        }
        String reason = reason(request.reason());
        if (request.inputTokens() == null && request.cachedInputTokens() == null
                && request.cacheWriteInputTokens() == null && request.outputTokens() == null
                && request.reasoningTokens() == null && (request.model() == null || request.model().isBlank())) {
            throw ProblemException.badRequest("body", "name at least one corrected token count or the model");
        }
        return corrections.correct(Actor.of(identity), TeamScope.of(identity), eventId, teamId, reason,
                new Corrected(request.inputTokens(), request.cachedInputTokens(), request.cacheWriteInputTokens(),
                        request.outputTokens(), request.reasoningTokens(),
                        request.model() == null || request.model().isBlank() ? null : request.model()));
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("reason", "is required: say why the event is corrected");
        }
        return reason;
    }
}

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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/usage")
@Tag(name = "corrections", description = "Void or correct a stored event: appended to the ledger, never rewritten")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CorrectionResource {

    /** For :correct the corrected token counts and/or model (absent: unchanged); for both, why (required). */
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
    @Path("/{target}")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "POST /api/v1/usage/{eventId}:void or /{eventId}:correct",
            description = """
                    :void takes back the event's whole cost and tokens; :correct sets its token counts and/or model                     (absent fields are unchanged). Both need a reason, append a 'revaluation' feed entry with the                     exact cost and token deltas, and are audited (kind usage-correction). A void event is 409.""")
    public Uni<Correction> act(@PathParam("target") String target, @QueryParam("teamId") String teamId,
                               CorrectRequest request) {
        if (target.endsWith(":void")) {
            return voidEvent(QueryParams.eventIdOf(target), teamId, request);
        }
        if (target.endsWith(":correct")) {
            return correct(QueryParams.eventIdOf(target), teamId, request);
        }
        throw new ProblemException(Response.Status.NOT_FOUND, "Use /api/v1/usage/{eventId}:void or :correct.");
    }

    private Uni<Correction> voidEvent(String eventId, String teamId, CorrectRequest request) {
        String reason = reason(request == null ? null : request.reason());
        return corrections.voidEvent(Actor.of(identity), TeamScope.of(identity), eventId, teamId, reason);
    }

    private Uni<Correction> correct(String eventId, String teamId, CorrectRequest request) {
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

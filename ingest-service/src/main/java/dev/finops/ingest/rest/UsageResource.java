package dev.finops.ingest.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.service.IngestedEvent;
import dev.finops.ingest.service.UsageIngestService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/usage")
@Tag(name = "usage", description = "Report LLM usage")
public class UsageResource {

    /** The answer to a batch: one entry per event in request order, and the totals. */
    public record BatchAnswer(int accepted, int duplicates, BigDecimal costUsd, int unpriced, int quarantined,
                              List<IngestedEvent> events) {
    }

    private final UsageIngestService ingest;
    private final SecurityIdentity identity;

    public UsageResource(UsageIngestService ingest, SecurityIdentity identity) {
        this.ingest = ingest;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Role.INGEST, Role.SERVICE, Role.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report one usage event (an object) or a batch (an array of up to 1,000)",
            description = """
                    Each event: eventId (idempotency key, unique per team), timestamp (ISO-8601, at most 5 minutes \
                    ahead), model, provider, inputTokens (all prompt tokens), cachedInputTokens and \
                    cacheWriteInputTokens (subsets of inputTokens), outputTokens (all completion tokens), \
                    reasoningTokens (subset of outputTokens), latencyMs, status (ok|error), agentId, teamId, \
                    feature, environment, customerId, sessionId, runId, toolCalls, tags (string map), \
                    cachedTokensUnknown (true: the reporter could not know the cached tokens, the cost is an upper \
                    bound). Instead of the \
                    token fields, `usage` may hold an OpenAI Chat Completions, OpenAI Responses or Anthropic usage \
                    object as the provider returned it. An ingest key's team is the event's team (another teamId is \
                    403); admin and service keys (the gateway's) name the team of each event. A 2xx means every event is committed. A batch with any invalid event is rejected whole: \
                    the 400 lists every bad index and field, nothing is stored. A replayed eventId answers the first \
                    answer with duplicate=true; the same eventId with a different body is 409.""")
    @RequestBody(description = "An event object or an array of event objects")
    @APIResponse(responseCode = "201", description = "A single new event was stored")
    @APIResponse(responseCode = "202", description = "A single event above a ceiling was quarantined (counted nowhere)")
    @APIResponse(responseCode = "200", description = "A batch was stored, or a single event was a replay")
    @APIResponse(responseCode = "400", description = "Invalid events; every bad field is listed in errors")
    @APIResponse(responseCode = "403", description = "teamId of another team than the key's")
    @APIResponse(responseCode = "409", description = "An eventId reused with a different body")
    @APIResponse(responseCode = "413", description = "More than 1,000 events, or a body over 1 MiB")
    @APIResponse(responseCode = "415", description = "Body not sent as application/json")
    public Uni<Response> report(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ProblemException.badRequest("body", "send a usage event object or an array of them");
        }
        if (!body.isObject() && !body.isArray()) {
            throw ProblemException.badRequest("body", "must be a usage event object or an array of them");
        }
        ApiKeyPrincipal caller = (ApiKeyPrincipal) identity.getPrincipal();
        return ingest.ingest(body, caller).map(accepted -> {
            if (!accepted.batch()) {
                IngestedEvent event = accepted.events().get(0);
                return Response.status(event.quarantined() ? Response.Status.ACCEPTED
                                : event.duplicate() ? Response.Status.OK : Response.Status.CREATED)
                        .entity(event).build();
            }
            return Response.ok(batchAnswer(accepted.events())).build();
        });
    }

    private static BatchAnswer batchAnswer(List<IngestedEvent> events) {
        int duplicates = (int) events.stream().filter(IngestedEvent::duplicate).count();
        int quarantined = (int) events.stream().filter(IngestedEvent::quarantined).count();
        int unpriced = (int) events.stream().filter(e -> !e.priced() && !e.quarantined()).count();
        BigDecimal cost = events.stream().filter(e -> !e.duplicate() && e.priced()).map(IngestedEvent::costUsd)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new BatchAnswer(events.size() - duplicates - quarantined, duplicates, cost, unpriced, quarantined,
                events);
    }
}

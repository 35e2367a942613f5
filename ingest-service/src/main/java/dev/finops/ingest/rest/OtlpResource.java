package dev.finops.ingest.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.otlp.OtlpTraceService;
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

@Path("/v1/traces")
@Tag(name = "opentelemetry", description = "OTLP/HTTP trace export with gen_ai usage")
public class OtlpResource {

    private final OtlpTraceService traces;
    private final SecurityIdentity identity;

    public OtlpResource(OtlpTraceService traces, SecurityIdentity identity) {
        this.traces = traces;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Role.INGEST, Role.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OTLP/HTTP JSON traces: each span with gen_ai.usage.* becomes a usage event",
            description = "Point an OpenTelemetry exporter here with OTEL_EXPORTER_OTLP_TRACES_ENDPOINT and "
                    + "OTEL_EXPORTER_OTLP_HEADERS='Authorization=Bearer <ingest key>', protocol http/json. The span id "
                    + "is the eventId; gen_ai.response.model (or request.model) the model; gen_ai.provider.name (or "
                    + "gen_ai.system) the provider; gen_ai.agent.id|name the agent; gen_ai.conversation.id the "
                    + "session; the trace id the run. Team, feature, customer and environment come from "
                    + "finops.team.id, finops.feature, finops.customer.id and deployment.environment.name (configurable "
                    + "under finops.otlp). Spans without gen_ai usage are ignored; invalid ones are counted in "
                    + "partialSuccess.rejectedSpans. Protobuf is not accepted (415).")
    public Uni<OtlpTraceService.ExportResponse> export(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw ProblemException.badRequest("body", "send an OTLP ExportTraceServiceRequest as JSON");
        }
        return traces.export(request, (ApiKeyPrincipal) identity.getPrincipal());
    }
}

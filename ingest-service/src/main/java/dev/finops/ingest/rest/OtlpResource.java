package dev.finops.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.Status;
import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.otlp.OtlpConfig;
import dev.finops.ingest.otlp.OtlpProtobuf;
import dev.finops.ingest.otlp.OtlpTraceService;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OTLP/HTTP trace export in both encodings, gzip-compressed or not. Answers in the request's encoding; errors of a
 * protobuf request are a protobuf google.rpc.Status (as the OTLP specification asks), those of a JSON request
 * problem+json like every other endpoint.
 */
@Path("/v1/traces")
@Tag(name = "opentelemetry", description = "OTLP/HTTP trace export with gen_ai usage")
public class OtlpResource {

    static final String PROTOBUF = "application/x-protobuf";
    private static final List<String> PROTOBUF_TYPES = List.of(PROTOBUF, "application/protobuf");

    private final OtlpTraceService traces;
    private final SecurityIdentity identity;
    private final ObjectMapper json;
    private final long maxDecompressed;

    public OtlpResource(OtlpTraceService traces, SecurityIdentity identity, ObjectMapper json, OtlpConfig config) {
        this.traces = traces;
        this.identity = identity;
        this.json = json;
        this.maxDecompressed = config.maxDecompressedBody().asLongValue();
    }

    @POST
    @RolesAllowed({Role.INGEST, Role.ADMIN})
    @Operation(summary = "OTLP/HTTP traces (protobuf or JSON, gzip or not): each span with gen_ai.usage.* becomes a "
            + "usage event",
            description = "Point an OpenTelemetry SDK here with OTEL_EXPORTER_OTLP_ENDPOINT=http://<ingest>:8081 and "
                    + "OTEL_EXPORTER_OTLP_HEADERS='Authorization=Bearer <ingest key>'; the default protocol "
                    + "(http/protobuf) and http/json both work, and OTLP/gRPC is served on port 4317. The span id is "
                    + "the eventId; gen_ai.response.model (or request.model) the model; gen_ai.provider.name (or "
                    + "gen_ai.system) the provider; gen_ai.agent.id|name the agent; gen_ai.conversation.id the "
                    + "session; the trace id the run. Team, feature, customer and environment come from "
                    + "finops.team.id, finops.feature, finops.customer.id and deployment.environment.name; every "
                    + "attribute is read from the span, else from its resource (OTEL_RESOURCE_ATTRIBUTES). Spans "
                    + "without gen_ai usage are ignored; invalid ones are counted in partialSuccess.rejectedSpans "
                    + "with the reason in errorMessage, and the rest is stored.")
    @RequestBody(content = {
            @Content(mediaType = PROTOBUF, schema = @Schema(type = SchemaType.STRING, format = "binary",
                    description = "opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest")),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    description = "ExportTraceServiceRequest in OTLP/JSON"))})
    @APIResponse(responseCode = "200", description = "ExportTraceServiceResponse in the request's encoding",
            content = {@Content(mediaType = PROTOBUF), @Content(mediaType = MediaType.APPLICATION_JSON)})
    @APIResponse(responseCode = "400", description = "Not a valid ExportTraceServiceRequest, or not valid gzip")
    @APIResponse(responseCode = "413", description = "The body, compressed or decompressed, is too large")
    @APIResponse(responseCode = "415", description = "Neither application/x-protobuf nor application/json, or "
            + "a content encoding other than gzip")
    public Uni<Response> export(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type,
                                @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        ApiKeyPrincipal caller = (ApiKeyPrincipal) identity.getPrincipal();
        if (type != null && PROTOBUF_TYPES.contains(type.getType() + "/" + type.getSubtype())) {
            return protobuf(body == null ? new byte[0] : body, encoding, caller);
        }
        if (type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return json(body == null ? new byte[0] : body, encoding, caller);
        }
        throw new ProblemException(Response.Status.UNSUPPORTED_MEDIA_TYPE, "Send OTLP traces as " + PROTOBUF
                + " (the SDKs' default, http/protobuf) or application/json (http/json); got "
                + (type == null ? "no Content-Type" : "'" + type + "'") + ".",
                List.of(new FieldError("Content-Type", "must be " + PROTOBUF + " or application/json")));
    }

    private Uni<Response> protobuf(byte[] body, String encoding, ApiKeyPrincipal caller) {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(decoded(body, encoding));
        } catch (BadBody e) {
            return Uni.createFrom().item(status(e.status, e.getMessage()));
        } catch (InvalidProtocolBufferException e) {
            return Uni.createFrom().item(status(Response.Status.BAD_REQUEST,
                    "The body is not a valid protobuf ExportTraceServiceRequest: " + e.getMessage()));
        }
        return traces.export(request, caller).map(answer -> Response.ok(
                OtlpProtobuf.response(answer).toByteArray(), PROTOBUF).build());
    }

    private Uni<Response> json(byte[] body, String encoding, ApiKeyPrincipal caller) {
        JsonNode request;
        try {
            request = json.readTree(decoded(body, encoding));
        } catch (BadBody e) {
            throw new ProblemException(e.status, e.getMessage(), List.of(new FieldError("body", e.getMessage())));
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemException.badRequest("body", "could not be read");
        }
        if (request == null || !request.isObject()) {
            throw ProblemException.badRequest("body", "send an OTLP ExportTraceServiceRequest as a JSON object");
        }
        return traces.export(request, caller).map(answer -> Response.ok(answer, MediaType.APPLICATION_JSON).build());
    }

    /** The body without its content coding (gzip or none), at most finops.otlp.max-decompressed-body bytes. */
    private byte[] decoded(byte[] body, String encoding) {
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return body;
        }
        if (!encoding.trim().toLowerCase(Locale.ROOT).equals("gzip")) {
            throw new BadBody(Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding '" + encoding + "' is not supported; send gzip or no encoding");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (out.size() + n > maxDecompressed) {
                    throw new BadBody(Response.Status.REQUEST_ENTITY_TOO_LARGE, "The body is larger than "
                            + maxDecompressed + " bytes once decompressed; send smaller batches. Nothing was stored.");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new BadBody(Response.Status.BAD_REQUEST, "The body is not valid gzip (Content-Encoding: gzip): "
                    + e.getMessage());
        }
    }

    /** A 4xx of a protobuf request: google.rpc.Status in protobuf, the message saying what to fix. */
    private static Response status(Response.Status status, String message) {
        Code code = status == Response.Status.BAD_REQUEST ? Code.INVALID_ARGUMENT
                : status == Response.Status.REQUEST_ENTITY_TOO_LARGE ? Code.RESOURCE_EXHAUSTED : Code.UNIMPLEMENTED;
        return Response.status(status).type(PROTOBUF)
                .entity(Status.newBuilder().setCode(code.getNumber()).setMessage(message).build().toByteArray())
                .build();
    }

    /** A body that cannot be decoded, with the status that says why. */
    private static final class BadBody extends RuntimeException {
        final Response.Status status;

        BadBody(Response.Status status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}

package dev.finops.ingest.otlp;

import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.ApiKeyVerifier;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.ProblemException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * OTLP/gRPC trace export on its own port (finops.otlp.grpc-port, 4317): the same key check as HTTP (the
 * {@code authorization} metadata, {@code Bearer <key>}, role ingest or admin) and the same mapping. Implemented on the
 * grpc-java stubs that the opentelemetry-proto jar ships, so no protoc runs at build time.
 */
@GrpcService
@RegisterInterceptor(OtlpGrpcAuthorization.class)
public class OtlpGrpcService extends TraceServiceGrpc.TraceServiceImplBase {

    private static final String BEARER = "Bearer ";

    private final OtlpTraceService traces;
    private final ApiKeyVerifier keys;

    public OtlpGrpcService(OtlpTraceService traces, ApiKeyVerifier keys) {
        this.traces = traces;
        this.keys = keys;
    }

    @Override
    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
        String authorization = OtlpGrpcAuthorization.AUTHORIZATION.get();
        caller(authorization)
                .chain(caller -> traces.export(request, caller))
                .map(OtlpProtobuf::response)
                .subscribe().with(answer -> {
                    response.onNext(answer);
                    response.onCompleted();
                }, failure -> response.onError(status(failure)));
    }

    private Uni<ApiKeyPrincipal> caller(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return refuse(Status.UNAUTHENTICATED, "send the metadata 'authorization: Bearer <ingest key>' "
                    + "(OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20<key>)");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.length() <= BEARER.length()) {
            return refuse(Status.UNAUTHENTICATED, "authorization must be 'Bearer <key>'");
        }
        return keys.verify(authorization.substring(BEARER.length()).trim()).chain(found -> {
            if (found.isEmpty()) {
                return refuse(Status.UNAUTHENTICATED, "the API key is unknown or revoked");
            }
            Role role = found.get().role();
            if (role != Role.ingest && role != Role.admin) {
                return refuse(Status.PERMISSION_DENIED, "a " + role + " key may not report usage; use an ingest key");
            }
            return Uni.createFrom().item(found.get());
        });
    }

    private static <T> Uni<T> refuse(Status status, String message) {
        return Uni.createFrom().failure(status.withDescription(message).asRuntimeException());
    }

    /**
     * The OTLP/gRPC meaning of a failure: UNAVAILABLE makes the exporter retry, which is safe (span ids are
     * idempotency keys), so failures that are not the request's fault (the database away, say) answer it.
     */
    private static StatusRuntimeException status(Throwable failure) {
        if (failure instanceof StatusRuntimeException s) {
            return s;
        }
        if (failure instanceof ProblemException p) {
            int http = p.problem().status();
            Status status = switch (http) {
                case 401 -> Status.UNAUTHENTICATED;
                case 403 -> Status.PERMISSION_DENIED;
                case 429, 503 -> Status.UNAVAILABLE;
                default -> http < 500 ? Status.INVALID_ARGUMENT : Status.UNAVAILABLE;
            };
            return status.withDescription(p.problem().detail()).asRuntimeException();
        }
        Log.error("OTLP/gRPC export failed", failure);
        return Status.UNAVAILABLE.withDescription("the spans could not be stored now; retry").asRuntimeException();
    }
}

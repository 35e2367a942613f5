package dev.finops.ingest.otlp;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/** Hands the call's {@code authorization} metadata (OTEL_EXPORTER_OTLP_HEADERS) to {@link OtlpGrpcService}. */
@ApplicationScoped
public class OtlpGrpcAuthorization implements ServerInterceptor {

    static final Context.Key<String> AUTHORIZATION = Context.key("finops-authorization");

    private static final Metadata.Key<String> HEADER = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                      ServerCallHandler<Q, A> next) {
        Context context = Context.current().withValue(AUTHORIZATION, headers.get(HEADER));
        return Contexts.interceptCall(context, call, headers, next);
    }
}

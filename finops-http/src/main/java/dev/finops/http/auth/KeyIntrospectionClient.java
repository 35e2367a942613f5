package dev.finops.http.auth;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** ingest-service's key introspection endpoint, called with this service's own key. */
@Path("/api/v1/keys/introspect")
public interface KeyIntrospectionClient {

    record IntrospectionRequest(String key) {
    }

    record IntrospectionResult(boolean active, String keyId, String name, String role, String teamId) {
    }

    @POST
    @Timeout(2000)
    @Retry(maxRetries = 1, delay = 100)
    Uni<IntrospectionResult> introspect(@HeaderParam("Authorization") String serviceAuthorization,
                                        IntrospectionRequest request);
}

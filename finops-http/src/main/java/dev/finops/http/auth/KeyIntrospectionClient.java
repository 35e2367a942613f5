package dev.finops.http.auth;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/**
 * ingest-service's key introspection endpoint, called with this service's own key.
 * Timeout and retry are applied by {@link IntrospectingApiKeyVerifier}.
 */
@Path("/api/v1/keys/introspect")
public interface KeyIntrospectionClient {

    record IntrospectionRequest(String key) {
    }

    record IntrospectionResult(boolean active, String keyId, String name, String role, String teamId) {
    }

    @POST
    Uni<IntrospectionResult> introspect(@HeaderParam("Authorization") String serviceAuthorization,
                                        IntrospectionRequest request);
}

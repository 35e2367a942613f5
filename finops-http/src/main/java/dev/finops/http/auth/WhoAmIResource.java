package dev.finops.http.auth;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Lets an operator check a key against any service: who it is, its role and team. */
@Path("/api/v1/auth/whoami")
@Tag(name = "auth")
public class WhoAmIResource {

    /** scope: {@code team} (acts only inside teamId) or {@code org} (every team). */
    public record WhoAmI(String keyId, String name, Role role, String teamId, String scope) {
    }

    private final SecurityIdentity identity;

    public WhoAmIResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The caller's key: id, name, role and team (401 without a valid key)")
    public WhoAmI whoami() {
        ApiKeyPrincipal p = (ApiKeyPrincipal) identity.getPrincipal();
        return new WhoAmI(p.keyId(), p.name(), p.role(), p.teamId(), p.teamId() == null ? "org" : "team");
    }
}

package dev.finops.ingest.rest;

import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.ApiKey;
import dev.finops.ingest.service.KeyService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/keys")
@Tag(name = "keys", description = "API keys: issued and revoked here, valid in every service")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {

    public record CreateKeyRequest(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Pattern(regexp = "admin|reader|ingest|service", message = "must be admin, reader, ingest or service")
            String role,
            @Size(max = 256) String teamId) {
    }

    public record IntrospectionRequest(@NotBlank String key) {
    }

    public record Introspection(boolean active, String keyId, String name, Role role, String teamId) {
    }

    private final KeyService keys;

    public KeyResource(KeyService keys) {
        this.keys = keys;
    }

    @POST
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a key; the secret is in this answer only (only its hash is stored)",
            description = "role: admin, reader, ingest (needs teamId: the team it reports for) or service.")
    public Uni<Response> create(@Valid CreateKeyRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "send {\"name\": ..., \"role\": ..., \"teamId\": ...}");
        }
        return keys.create(request.name(), Role.parse(request.role()), request.teamId())
                .map(created -> Response.status(Response.Status.CREATED).entity(created).build());
    }

    @GET
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Every key, revoked ones included, without secrets")
    public Uni<List<ApiKey>> list() {
        return keys.list();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Revoke a key: refused here at once, and by the other services within their cache TTL (30 s)")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return keys.revoke(id).map(k -> Response.noContent().build());
    }

    @POST
    @Path("/introspect")
    @RolesAllowed({Role.SERVICE, Role.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "For the other services: is this key active, and whose is it?")
    public Uni<Introspection> introspect(@Valid IntrospectionRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("key", "is required");
        }
        return keys.verify(request.key()).map(KeyResource::introspection);
    }

    private static Introspection introspection(Optional<ApiKeyPrincipal> found) {
        return found.map(p -> new Introspection(true, p.keyId(), p.name(), p.role(), p.teamId()))
                .orElse(new Introspection(false, null, null, null, null));
    }
}

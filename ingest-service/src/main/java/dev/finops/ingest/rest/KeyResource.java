package dev.finops.ingest.rest;

import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.ProblemException;
import dev.finops.audit.Actor;
import dev.finops.ingest.ApiKey;
import dev.finops.ingest.service.KeyService;
import io.quarkus.security.identity.SecurityIdentity;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/keys")
@Tag(name = "keys", description = "API keys: issued and revoked here, valid in every service")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {

    public record CreateKeyRequest(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Pattern(regexp = "admin|team-admin|reader|ingest|service",
                    message = "must be admin, team-admin, reader, ingest or service")
            String role,
            @Size(max = 256) String teamId,
            @Pattern(regexp = "team|org", message = "must be team or org") String scope) {
    }

    public record IntrospectionRequest(@NotBlank String key) {
    }

    /** The role by its wire name (team-admin, ...), which the other services read with {@link Role#parse}. */
    public record Introspection(boolean active, String keyId, String name, Role role, String teamId) {
    }

    private final KeyService keys;
    private final SecurityIdentity identity;

    public KeyResource(KeyService keys, SecurityIdentity identity) {
        this.keys = keys;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Role.TEAM_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a key; the secret is in this answer only (only its hash is stored)",
            description = "role: admin or service (never bound to a team), ingest (needs teamId: the team it reports "
                    + "for), reader or team-admin (teamId, or scope: org to see every team). A team-admin key issues "
                    + "reader, ingest and team-admin keys of its own team only (teamId defaults to it; another team, "
                    + "scope org, admin or service is 403). Audited (kind key).")
    @APIResponse(responseCode = "201", description = "The key, with its secret, scope (team or org) and team")
    @APIResponse(responseCode = "400", description = "A field is missing or does not fit the role; it is named")
    @APIResponse(responseCode = "403", description = "A team-admin key asked for another team, org scope, or an "
            + "admin or service key")
    public Uni<Response> create(@Valid CreateKeyRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "send {\"name\": ..., \"role\": ..., \"teamId\": ...}");
        }
        return keys.create(caller(), Actor.of(identity), request.name(), Role.parse(request.role()),
                        request.teamId(), request.scope())
                .map(created -> Response.status(Response.Status.CREATED).entity(created).build());
    }

    @GET
    @RolesAllowed(Role.TEAM_ADMIN)
    @Operation(summary = "Every key, revoked ones included, without secrets; a team-admin key sees its team's keys")
    public Uni<List<ApiKey>> list() {
        return keys.list(caller());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.TEAM_ADMIN)
    @Operation(summary = "Revoke a key: refused here at once, and by the other services within their cache TTL (30 s)",
            description = "A team-admin key revokes its own team's keys; another team's key is 404. Audited.")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return keys.revoke(caller(), Actor.of(identity), id).map(k -> Response.noContent().build());
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

    private ApiKeyPrincipal caller() {
        return (ApiKeyPrincipal) identity.getPrincipal();
    }

    private static Introspection introspection(Optional<ApiKeyPrincipal> found) {
        return found.map(p -> new Introspection(true, p.keyId(), p.name(), p.role(), p.teamId()))
                .orElse(new Introspection(false, null, null, null, null));
    }
}

package dev.finops.gateway.provider.api;

import dev.finops.audit.Actor;
import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.provider.app.ProviderService;
import dev.finops.http.auth.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/gateway/providers")
@Tag(name = "providers", description = "The LLM providers the gateway forwards to")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN)
public class ProviderResource {

    private final ProviderService providers;
    private final SecurityIdentity identity;

    public ProviderResource(ProviderService providers, SecurityIdentity identity) {
        this.providers = providers;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Every provider (keys are never shown)")
    public Uni<List<ProviderView>> list() {
        return providers.list().map(all -> all.stream().map(ProviderView::of).toList());
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One provider")
    public Uni<ProviderView> get(@PathParam("name") String name) {
        return providers.get(name).map(ProviderView::of);
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a provider",
            description = "{type: openai|anthropic, baseUrl (as the provider's SDK takes it: https://api.openai.com/v1"
                    + " or https://api.anthropic.com), apiKey (write-only; left out on update = kept), models: [...]"
                    + " or [\"*\"], fallbacks: {model: [model, ...]}, timeoutMs}. The baseUrl's host must be in"
                    + " finops.gateway.allowed-hosts.")
    public Uni<ProviderView> put(@PathParam("name") String name, ProviderRequest request) {
        if (request == null) {
            throw GatewayException.invalid("body", "send {type, baseUrl, apiKey, models, fallbacks, timeoutMs}");
        }
        return providers.put(name, request.spec(), Actor.of(identity)).map(ProviderView::of);
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Delete a provider")
    public Uni<Response> delete(@PathParam("name") String name) {
        return providers.delete(name, Actor.of(identity)).map(v -> Response.noContent().build());
    }
}

package dev.finops.gateway.limit.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.audit.Actor;
import dev.finops.gateway.limit.app.LimitScope;
import dev.finops.gateway.limit.app.LimitService;
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
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/gateway/limits")
@Tag(name = "rate limits", description = "Requests and tokens per minute per API key, team or agent")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN)
public class LimitResource {

    private final LimitService limits;
    private final SecurityIdentity identity;

    public LimitResource(LimitService limits, SecurityIdentity identity) {
        this.limits = limits;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Every rate limit")
    public Uni<List<LimitView>> list() {
        return limits.list().map(all -> all.stream().map(LimitView::of).toList());
    }

    @GET
    @Path("/{scope}/{id}")
    @Operation(summary = "The rate limit of one key (by key id), team or agent")
    public Uni<LimitView> get(@PathParam("scope") String scope, @PathParam("id") String id) {
        return call(() -> limits.get(LimitScope.parse(scope), id).map(LimitView::of));
    }

    @PUT
    @Path("/{scope}/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a rate limit",
            description = "scope: key (id = the key's id), team or agent. Body {requestsPerMinute, tokensPerMinute}:"
                    + " whole numbers > 0, either may be null (no limit of that kind), not both. Limits count per"
                    + " calendar minute of the database's clock, across every gateway replica; a change takes"
                    + " effect on every replica within finops.gateway.limits.refresh.")
    public Uni<LimitView> put(@PathParam("scope") String scope, @PathParam("id") String id, JsonNode body) {
        return call(() -> limits.refuseIfManaged(LimitScope.parse(scope), id)
                .chain(() -> limits.put(LimitScope.parse(scope), id, LimitRequest.parse(body), "api",
                        Actor.of(identity)))
                .map(LimitView::of));
    }

    @DELETE
    @Path("/{scope}/{id}")
    @Operation(summary = "Delete a rate limit")
    public Uni<Response> delete(@PathParam("scope") String scope, @PathParam("id") String id) {
        return call(() -> limits.refuseIfManaged(LimitScope.parse(scope), id)
                .chain(() -> limits.delete(LimitScope.parse(scope), id, Actor.of(identity))).map(deleted -> {
            if (!deleted) {
                throw new dev.finops.gateway.error.GatewayException(dev.finops.gateway.error.GatewayException.Kind
                        .NOT_FOUND, null, "There is no rate limit for " + scope + " '" + id + "'.");
            }
            return Response.noContent().build();
        }));
    }

    /** A GatewayException thrown at once fails the Uni too, so GatewayProblemMapper answers it as a problem. */
    private static <T> Uni<T> call(Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().<T>deferred(work);
    }
}

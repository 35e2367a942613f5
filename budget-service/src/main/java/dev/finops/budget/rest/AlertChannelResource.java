package dev.finops.budget.rest;

import dev.finops.budget.AlertChannel;
import dev.finops.budget.error.Ids;
import dev.finops.budget.service.ChannelService;
import dev.finops.audit.Actor;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/alert-channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.TEAM_ADMIN)
@Tag(name = "alerts", description = "Where alerts go, and what happened to each")
public class AlertChannelResource {

    private final ChannelService channels;
    private final SecurityIdentity identity;

    public AlertChannelResource(ChannelService channels, SecurityIdentity identity) {
        this.channels = channels;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Add a channel: webhook (signed, Standard Webhooks), slack, pagerduty, alertmanager, email",
            description = "teamId: the owning team (a team-admin key: its own, filled in; an admin key: any, or none for"
                    + " an org channel). scopes: [{\"team\": ...}] teams whose alerts it also gets (a team-admin: its own"
                    + " team only). alertTypes: only these types (e.g. budget_threshold, anomaly.daily_spend).")
    public Uni<Response> create(ChannelRequest request) {
        return channels.create(request, TeamScope.of(identity), Actor.of(identity))
                .map(c -> Response.created(URI.create("/api/v1/alert-channels/" + c.id())).entity(c).build());
    }

    @GET
    @Operation(summary = "Channels by name: a team-admin key its team's; an admin every channel, or ?teamId= one team's")
    public Uni<List<AlertChannel>> list(@QueryParam("teamId") String teamId) {
        return channels.list(TeamScope.of(identity), teamId);
    }

    @GET
    @Path("/{id}")
    public Uni<AlertChannel> get(@PathParam("id") String id) {
        return channels.get(Ids.parse(id, ChannelService::notFound), TeamScope.of(identity));
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a channel (send its secret again); re-enables a channel disabled by a 410")
    public Uni<AlertChannel> replace(@PathParam("id") String id, ChannelRequest request) {
        return channels.replace(Ids.parse(id, ChannelService::notFound), request, TeamScope.of(identity),
                Actor.of(identity));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return channels.delete(Ids.parse(id, ChannelService::notFound), TeamScope.of(identity), Actor.of(identity))
                .map(x -> Response.noContent().build());
    }
}

package dev.finops.ingest.rest;

import dev.finops.audit.Actor;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import dev.finops.ingest.repository.QuarantineRepository.Held;
import dev.finops.ingest.service.QuarantineService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.finops.http.problem.ProblemException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/usage/quarantine")
@Tag(name = "quarantine", description = "Events above a per-event ceiling, held until an admin resolves them")
@Produces(MediaType.APPLICATION_JSON)
public class QuarantineResource {

    private final QuarantineService quarantine;
    private final SecurityIdentity identity;

    public QuarantineResource(QuarantineService quarantine, SecurityIdentity identity) {
        this.quarantine = quarantine;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Role.READER)
    @Operation(summary = "Events waiting in quarantine (a team key sees its own team's), newest first")
    public Uni<List<Held>> list(@QueryParam("teamId") String teamId,
                                @QueryParam("limit") @DefaultValue("100") String limit) {
        return quarantine.waiting(TeamScope.of(identity), teamId, QueryParams.intBetween("limit", limit, 1, 1000));
    }

    @POST
    @Path("/{target}")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "POST .../quarantine/{eventId}:release (ingest it normally, same eventId) or :discard",
            description = "Admin only; audited (kind quarantine). Already resolved: 409. teamId names the team when "
                    + "several teams hold the same eventId.")
    public Uni<Object> act(@PathParam("target") String target, @QueryParam("teamId") String teamId) {
        String eventId = QueryParams.eventIdOf(target.contains(":") ? target : target + ":");
        if (target.endsWith(":release")) {
            return quarantine.release(Actor.of(identity), eventId, teamId).map(r -> r);
        }
        if (target.endsWith(":discard")) {
            return quarantine.discard(Actor.of(identity), eventId, teamId).map(h -> h);
        }
        throw new ProblemException(Response.Status.NOT_FOUND, "Use .../quarantine/{eventId}:release or :discard.");
    }
}

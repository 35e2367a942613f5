package dev.finops.anomaly.rest;

import dev.finops.anomaly.ActiveAnomaly;
import dev.finops.anomaly.Anomaly;
import dev.finops.anomaly.service.AnomalyQueries;
import dev.finops.anomaly.service.SessionAnomalies;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import io.quarkus.security.identity.SecurityIdentity;
import dev.finops.http.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

@Path("/api/v1/finops/anomalies")
@Produces(MediaType.APPLICATION_JSON)
public class AnomalyResource {

    private final SessionAnomalies sessions;
    private final AnomalyQueries queries;
    private final SecurityIdentity identity;

    public AnomalyResource(SessionAnomalies sessions, AnomalyQueries queries, SecurityIdentity identity) {
        this.sessions = sessions;
        this.queries = queries;
        this.identity = identity;
    }

    /**
     * Sessions burning more than their agent's baseline times the multiplier; {@code []} when none. A team-bound key
     * sees its team's sessions only (teamId naming another team: 403); an org key may filter by teamId.
     */
    @GET
    @Path("/active")
    @RolesAllowed(Role.READER)
    public Uni<List<ActiveAnomaly>> active(@QueryParam("teamId") String teamId) {
        String team = TeamScope.of(identity).resolve("teamId", teamId);
        return sessions.evaluate().map(all -> all.stream().filter(a -> team == null || team.equals(a.teamId())).toList());
    }

    /** One anomaly episode, open or resolved: where the alerts about it link to. Another team's: 404. */
    @GET
    @Path("/{id}")
    @RolesAllowed(Role.READER)
    public Uni<Anomaly> one(@PathParam("id") String id) {
        java.util.UUID uuid;
        try {
            uuid = java.util.UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
        TeamScope scope = TeamScope.of(identity);
        return queries.one(uuid).map(found -> found.filter(a -> scope.permits(a.teamId())).orElseThrow(() -> notFound(id)));
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(jakarta.ws.rs.core.Response.Status.NOT_FOUND, "No anomaly with id " + id + ".");
    }

    /**
     * Anomaly episodes overlapping [from, to] (default: the last 7 days), newest first. A team-bound key sees its
     * team's episodes only (not org-level ones such as the org's daily spend); an org key may filter by teamId.
     */
    @GET
    @RolesAllowed(Role.READER)
    public Uni<List<Anomaly>> history(@QueryParam("from") String from, @QueryParam("to") String to,
                                      @QueryParam("agentId") String agentId, @QueryParam("type") String type,
                                      @QueryParam("state") String state, @QueryParam("teamId") String teamId,
                                      @QueryParam("limit") @DefaultValue("100") String limit) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw ProblemException.badRequest("from", "must not be after 'to'");
        }
        if (type != null && !Anomaly.TYPES.contains(type)) {
            throw ProblemException.badRequest("type", "must be one of " + String.join(", ", Anomaly.TYPES));
        }
        if (state != null && !List.of(Anomaly.OPEN, Anomaly.RESOLVED).contains(state)) {
            throw ProblemException.badRequest("state", "must be open or resolved");
        }
        String team = TeamScope.of(identity).resolve("teamId", teamId);
        return queries.history(start, end, agentId, type, state, team, limit(limit));
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "must be an ISO-8601 UTC instant such as 2026-05-01T00:00:00Z");
        }
    }

    private static int limit(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("limit", "must be a whole number from 1 to 1000");
    }
}

package dev.finops.audit;

import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * This service's audit trail: admins read all of it, team-admins their own team's entries. No API changes it. The
 * service that has a {@link SuiteTrails} bean (ingest) answers the whole suite's trail, merged newest first.
 */
@Path("/api/v1/audit")
@Tag(name = "audit", description = "Who changed what, when, with the object before and after (append-only)")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditTrail trail;
    private final Pool pool;
    private final SecurityIdentity identity;
    private final Instance<SuiteTrails> suite;

    public AuditResource(AuditTrail trail, Pool pool, SecurityIdentity identity, Instance<SuiteTrails> suite) {
        this.trail = trail;
        this.pool = pool;
        this.identity = identity;
        this.suite = suite;
    }

    @GET
    @RolesAllowed(Role.TEAM_ADMIN)
    @Operation(summary = "Changes to this service's configuration, newest first",
            description = "since: ISO-8601 instant; kind: budget, channel, key, rate, ...; actor: key:<name> or a key "
                    + "id; limit: 1-1000 (default 200). A team-admin key sees its own team's entries only.")
    public Uni<List<AuditEntry>> list(@QueryParam("since") String since, @QueryParam("kind") String kind,
                                      @QueryParam("actor") String actor, @QueryParam("limit") String limit,
                                      @HeaderParam("Authorization") String authorization) {
        SuiteTrails.Query query = new SuiteTrails.Query(instant(since), kind, actor, limit(limit));
        Uni<List<AuditEntry>> own = trail.list(pool, TeamScope.of(identity), query.since(), kind, actor, query.limit());
        if (!suite.isResolvable()) {
            return own;
        }
        return Uni.combine().all().unis(own, suite.get().fetch(authorization, query)).with((mine, others) -> {
            List<AuditEntry> all = new ArrayList<>(mine);
            all.addAll(others);
            all.sort(Comparator.comparing(AuditEntry::at).reversed());
            return all.size() > query.limit() ? List.copyOf(all.subList(0, query.limit())) : all;
        });
    }

    private static Instant instant(String value) {
        try {
            return value == null || value.isBlank() ? null : Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("since", "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 200;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("limit", "must be a whole number between 1 and 1000");
    }
}

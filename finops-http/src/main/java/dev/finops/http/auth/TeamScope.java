package dev.finops.http.auth;

import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/**
 * The one tenancy rule of the suite: a key bound to a team acts only inside that team; a key without a team (admin,
 * service, or created with {@code scope: org}) acts everywhere. A request field, header or query parameter never
 * widens it. Resources take it from the caller's identity ({@link #of(SecurityIdentity)}) and hand it to their
 * services, which apply it to what they read and write.
 */
public final class TeamScope {

    private static final TeamScope ORG = new TeamScope(null);

    private final String team;

    private TeamScope(String team) {
        this.team = team;
    }

    public static TeamScope of(String team) {
        return team == null || team.isBlank() ? ORG : new TeamScope(team);
    }

    /** The scope of the key that made this request. */
    public static TeamScope of(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof ApiKeyPrincipal key) {
            return key.scope();
        }
        throw new UnauthorizedException("an API key is required");
    }

    /** Org scope: every team (admins, services, org keys, and work the services do on their own). */
    public static TeamScope org() {
        return ORG;
    }

    public boolean orgWide() {
        return team == null;
    }

    /** The key's team; empty for org scope. */
    public Optional<String> team() {
        return Optional.ofNullable(team);
    }

    /**
     * The team a request acts for, given the team it names in {@code field} (may be null): an org-scoped key gets
     * what it named (null: all teams); a team key gets its own team, and a 403 naming it when it named another.
     */
    public String resolve(String field, String requested) {
        boolean named = requested != null && !requested.isBlank();
        if (named) {
            requireTeamId(field, requested);
        }
        if (orgWide()) {
            return named ? requested : null;
        }
        if (named && !requested.equals(team)) {
            throw forbidden(field, requested);
        }
        return team;
    }

    /** A team id as a request names it: 1 to 256 characters, none of them a control character (a 400 otherwise). */
    public static String requireTeamId(String field, String value) {
        if (value == null || value.isBlank() || value.length() > 256 || value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest(field, "must be a team id: 1 to 256 characters, no control characters");
        }
        return value;
    }

    /** Whether this scope may see or act on something owned by {@code ownerTeam} (null: owned by the org). */
    public boolean permits(String ownerTeam) {
        return orgWide() || team.equals(ownerTeam);
    }

    /** A 403 for a request that acts for another team, naming the key's team. */
    public ProblemException forbidden(String field, String requested) {
        return new ProblemException(Response.Status.FORBIDDEN, field + ": this key is bound to team '" + team
                + "' and cannot act for team '" + requested + "'; leave " + field + " out or use a key of that team",
                List.of(new FieldError(field, "must be '" + team + "' (the key's team)")));
    }

    @Override
    public String toString() {
        return orgWide() ? "org" : "team:" + team;
    }
}

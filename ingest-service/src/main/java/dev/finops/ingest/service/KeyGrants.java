package dev.finops.ingest.service;

import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.ApiKey;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Which keys a caller may issue and revoke (decision 0019): an admin any key; a team-admin reader, ingest and
 * team-admin keys, of its own team when it is bound to one. And the shape of a new key: admin and service keys are
 * never bound to a team, ingest keys always are, reader and team-admin keys say which ({@code teamId} or
 * {@code scope: org}).
 */
final class KeyGrants {

    private KeyGrants() {
    }

    /** The team the new key is bound to (null: org scope), or a 400/403 saying why it cannot be issued. */
    static String teamOfNewKey(ApiKeyPrincipal caller, Role role, String teamId, String scope) {
        String team = blankToNull(teamId);
        boolean org = "org".equals(scope);
        if (caller.role() != Role.admin) {
            TeamScope own = caller.scope();
            if (role == Role.admin || role == Role.service) {
                throw forbidden("role", "a team-admin key may issue reader, ingest and team-admin keys only, not "
                        + role.wire() + " keys");
            }
            if (org && !own.orgWide()) {
                throw forbidden("scope", "this key is bound to team '" + own.team().orElseThrow()
                        + "' and cannot issue org-scoped keys; leave scope out or use an admin key");
            }
            team = own.resolve("teamId", team);
        }
        if (role == Role.admin || role == Role.service) {
            if (team != null || "team".equals(scope)) {
                throw ProblemException.badRequest(team != null ? "teamId" : "scope", role.wire()
                        + " keys are never bound to a team; leave teamId and scope out");
            }
            return null;
        }
        if (org && team != null) {
            throw ProblemException.badRequest("scope", "an org-scoped key has no team; give teamId or scope: org, "
                    + "not both");
        }
        if (role == Role.ingest) {
            if (org) {
                throw ProblemException.badRequest("scope", "an ingest key is always bound to a team: give teamId");
            }
            if (team == null) {
                throw ProblemException.badRequest("teamId", "is required for an ingest key: it is the team the key "
                        + "reports for");
            }
            return team;
        }
        if (team == null && !org) {
            throw new ProblemException(Response.Status.BAD_REQUEST, "teamId: a " + role.wire() + " key must say "
                    + "what it may see: teamId (its team) or \"scope\": \"org\" (every team)",
                    List.of(new FieldError("teamId", "is required unless scope is org"),
                            new FieldError("scope", "must be org when no teamId is given")));
        }
        return team;
    }

    /** A team-admin may not revoke admin or service keys (they are never its team's; an org team-admin sees them). */
    static void checkRevoke(ApiKeyPrincipal caller, ApiKey key) {
        if (caller.role() != Role.admin && (key.role() == Role.admin || key.role() == Role.service)) {
            throw forbidden("id", "a team-admin key may revoke reader, ingest and team-admin keys only, not "
                    + key.role().wire() + " keys");
        }
    }

    private static ProblemException forbidden(String field, String message) {
        return new ProblemException(Response.Status.FORBIDDEN, field + ": " + message,
                List.of(new FieldError(field, message)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

package dev.finops.e2e;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rule of one operation in the authorization matrix: how to call it (one or more cases, e.g. naming team A and
 * naming no team) and the outcome each kind of key must get. {@code service} null: the operation every service has
 * (whoami, audit).
 */
record MatrixRule(FinopsSuite.Service service, String method, String template, List<Case> cases) {

    /** A concrete request: path with query, body (null, String or an object written as JSON) and extra headers. */
    record Request(String path, Object body, Map<String, String> headers) {
        static Request of(String path) {
            return new Request(path, null, Map.of());
        }

        static Request of(String path, Object body) {
            return new Request(path, body, Map.of());
        }
    }

    /**
     * The request is built per cell, so a destructive call gets a fresh object of team A each time. {@code leak}: what
     * team B's answer must not contain for {@link Outcome#okWithoutA} (null: team A's id).
     */
    record Case(String label, Function<Caller, Request> request, Map<Caller, Outcome> expected, String leak) {
        Case(String label, Function<Caller, Request> request, Map<Caller, Outcome> expected) {
            this(label, request, expected, null);
        }
    }

    String key() {
        return (service == null ? "*" : service.name()) + " " + method + " " + template;
    }

    /** Expected outcomes per caller; a missing or revoked key is 401 everywhere. */
    static final class Expect {
        private final EnumMap<Caller, Outcome> cells = new EnumMap<>(Caller.class);

        private Expect(Outcome valid) {
            for (Caller c : Caller.values()) {
                cells.put(c, c.authenticates() ? valid : Outcome.unauthenticated);
            }
        }

        static Expect every(Outcome valid) {
            return new Expect(valid);
        }

        Expect but(Outcome o, Caller... callers) {
            Arrays.stream(callers).forEach(c -> cells.put(c, o));
            return this;
        }

        Map<Caller, Outcome> cells() {
            return Collections.unmodifiableMap(new EnumMap<>(cells));
        }
    }

    private static final Caller[] TEAM_B = {Caller.bReader, Caller.bIngest, Caller.bTeamAdmin};

    /** Any valid key: 2xx (nothing team-scoped in the answer). */
    static Expect anyKey() {
        return Expect.every(Outcome.ok);
    }

    /** A team-scoped read naming no team: 2xx for every key, and team B's answer shows nothing of team A. */
    static Expect scopedRead() {
        return Expect.every(Outcome.ok).but(Outcome.okWithoutA, TEAM_B);
    }

    /** A read that names team A: 403 for team B's keys. */
    static Expect readNamingA() {
        return Expect.every(Outcome.ok).but(Outcome.forbidden, TEAM_B);
    }

    /** A read of an object of team A by id: 404 for team B's keys (as if absent). */
    static Expect readOfAObject() {
        return Expect.every(Outcome.ok).but(Outcome.notFound, TEAM_B);
    }

    /** Only the admin (the role is refused to everyone else with 403). */
    static Expect adminOnly() {
        return Expect.every(Outcome.forbidden).but(Outcome.ok, Caller.admin);
    }

    /** Admin only, where the admin's request is refused on its own merits or the object is absent. */
    static Expect adminPassesOnly() {
        return Expect.every(Outcome.forbidden).but(Outcome.authorized, Caller.admin);
    }

    /** A team-admin change naming team A: admin and A's team-admin; team B's team-admin 403 (names A). */
    static Expect teamAdminNamingA() {
        return Expect.every(Outcome.forbidden).but(Outcome.ok, Caller.admin, Caller.aTeamAdmin);
    }

    /** A team-admin change of an object of team A by id: B's team-admin 404, other roles 403. */
    static Expect teamAdminOfAObject() {
        return teamAdminNamingA().but(Outcome.notFound, Caller.bTeamAdmin);
    }

    /** A team-admin read of its own team's objects (no team named): team B's sees nothing of A; others 403. */
    static Expect teamAdminRead() {
        return Expect.every(Outcome.forbidden).but(Outcome.ok, Caller.admin, Caller.aTeamAdmin)
                .but(Outcome.okWithoutA, Caller.bTeamAdmin);
    }
}

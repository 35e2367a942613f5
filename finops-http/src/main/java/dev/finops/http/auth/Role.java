package dev.finops.http.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Set;

/**
 * The roles an API key can carry; the constants are the names used in {@code @RolesAllowed}. Any key may be bound
 * to a team, and then acts only inside it ({@link TeamScope}); a key without a team has org scope.
 */
public enum Role {
    admin("admin"), team_admin("team-admin"), reader("reader"), ingest("ingest"), service("service");

    public static final String ADMIN = "admin";
    /** Manages its own team's budgets, channels, cache policies and keys (an admin holds it too). */
    public static final String TEAM_ADMIN = "team-admin";
    public static final String READER = "reader";
    public static final String INGEST = "ingest";
    public static final String SERVICE = "service";

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    /** The name in JSON, in the database and in {@code @RolesAllowed}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The security roles a key of this role holds: every key may read (its own team's data, when bound). */
    public Set<String> grants() {
        return switch (this) {
            case admin -> Set.of(ADMIN, TEAM_ADMIN, READER);
            case team_admin -> Set.of(TEAM_ADMIN, READER);
            case service -> Set.of(SERVICE, READER);
            case reader -> Set.of(READER);
            case ingest -> Set.of(INGEST, READER);
        };
    }

    @JsonCreator
    public static Role parse(String value) {
        for (Role r : values()) {
            if (r.wire.equals(value) || r.name().equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be one of admin, team-admin, reader, ingest, service");
    }
}

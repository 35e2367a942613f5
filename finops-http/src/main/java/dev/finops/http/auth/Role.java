package dev.finops.http.auth;

import java.util.Set;

/** The roles an API key can carry; the constants are the names used in {@code @RolesAllowed}. */
public enum Role {
    admin, reader, ingest, service;

    public static final String ADMIN = "admin";
    public static final String READER = "reader";
    public static final String INGEST = "ingest";
    public static final String SERVICE = "service";

    /** The security roles a key of this role holds: admins and services may also read. */
    public Set<String> grants() {
        return switch (this) {
            case admin -> Set.of(ADMIN, READER);
            case service -> Set.of(SERVICE, READER);
            case reader -> Set.of(READER);
            case ingest -> Set.of(INGEST);
        };
    }

    public static Role parse(String value) {
        for (Role r : values()) {
            if (r.name().equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be one of admin, reader, ingest, service");
    }
}

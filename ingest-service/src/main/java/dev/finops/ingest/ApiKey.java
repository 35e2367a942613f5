package dev.finops.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.finops.http.auth.Role;
import java.time.Instant;

/** An API key as stored: never the secret, only its SHA-256. A key without a team has org scope. */
public record ApiKey(String id, String name, Role role, String teamId, boolean managed, Instant createdAt,
                     Instant revokedAt) {

    /** "team" for a key bound to its team, "org" for one that acts for every team. */
    @JsonProperty("scope")
    public String scope() {
        return scopeOf(teamId);
    }

    public static String scopeOf(String teamId) {
        return teamId == null ? "org" : "team";
    }
}

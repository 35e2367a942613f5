package dev.finops.ingest;

import dev.finops.http.auth.Role;
import java.time.Instant;

/** An API key as stored: never the secret, only its SHA-256. */
public record ApiKey(String id, String name, Role role, String teamId, boolean managed, Instant createdAt,
                     Instant revokedAt) {
}

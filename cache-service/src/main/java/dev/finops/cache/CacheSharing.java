package dev.finops.cache;

import java.time.Instant;
import java.util.List;

/** Team {@code ownerTeam}'s entries of a namespace, readable by the lookups of {@code teams} (or of every team). */
public record CacheSharing(String namespace, String ownerTeam, List<String> teams, boolean allTeams,
                           Instant updatedAt) {
}

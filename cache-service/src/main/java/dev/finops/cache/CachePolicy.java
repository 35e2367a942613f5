package dev.finops.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * How a team caches in a namespace ({@code teamId} null: the org's policy, which applies to every team that has none
 * of its own); {@code updatedAt} is null for the defaults of a namespace without a policy.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CachePolicy(String namespace, String teamId, boolean enabled, BigDecimal similarityThreshold,
                          BigDecimal ttlHours, Integer maxEntries, boolean exactOnly, Instant updatedAt) {
}

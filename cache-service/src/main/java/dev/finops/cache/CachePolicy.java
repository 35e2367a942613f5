package dev.finops.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/** How a namespace caches; {@code updatedAt} is null for the defaults of a namespace without a policy. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CachePolicy(String namespace, boolean enabled, BigDecimal similarityThreshold, BigDecimal ttlHours,
                          Integer maxEntries, boolean exactOnly, Instant updatedAt) {
}

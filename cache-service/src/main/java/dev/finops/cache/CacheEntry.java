package dev.finops.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A stored response, as listed and returned by the entries API (the vector is not shown); teamId null: the org's. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CacheEntry(UUID id, String teamId, String namespace, String model, String scopeHash, String prompt,
                         String response, long inputTokens, long outputTokens, String embeddingModel,
                         BigDecimal ttlHours, Instant createdAt, Instant expiresAt, long hitCount, Instant lastHitAt) {
}

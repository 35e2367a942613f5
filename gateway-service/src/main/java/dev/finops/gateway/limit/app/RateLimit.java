package dev.finops.gateway.limit.app;

import java.time.Instant;

// placeholder: the real one comes from branch gw-store
/** A stored rate limit; {@code source} says who set it (an LLMRateLimit resource as "Kind namespace/name"). */
public record RateLimit(LimitScope scope, String id, Long requestsPerMinute, Long tokensPerMinute, String source,
                        Instant updatedAt) {
}

package dev.finops.gateway.limit.app;

import java.time.Instant;

/**
 * A rate limit as stored: requests and tokens per minute (null = none) for one key, team or agent; {@code source}
 * is "api" or the custom resource that owns it.
 */
public record RateLimit(LimitScope scope, String id, Long requestsPerMinute, Long tokensPerMinute, String source,
                        Instant updatedAt) {

    /** The same limits (what a replica's claims were sized against), whoever set them when. */
    boolean sameLimits(RateLimit other) {
        return other != null && java.util.Objects.equals(requestsPerMinute, other.requestsPerMinute)
                && java.util.Objects.equals(tokensPerMinute, other.tokensPerMinute);
    }

    String requestsName() {
        return scope.wire() + " " + id + ": " + requestsPerMinute + " requests per minute";
    }

    String tokensName() {
        return scope.wire() + " " + id + ": " + tokensPerMinute + " tokens per minute";
    }
}

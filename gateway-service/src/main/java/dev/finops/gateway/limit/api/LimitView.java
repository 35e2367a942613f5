package dev.finops.gateway.limit.api;

import dev.finops.gateway.limit.app.RateLimit;
import java.time.Instant;

/** A rate limit as the admin API shows it; null = no limit of that kind. */
public record LimitView(String scope, String id, Long requestsPerMinute, Long tokensPerMinute, String source,
                        Instant updatedAt) {

    static LimitView of(RateLimit l) {
        return new LimitView(l.scope().wire(), l.id(), l.requestsPerMinute(), l.tokensPerMinute(), l.source(),
                l.updatedAt());
    }
}

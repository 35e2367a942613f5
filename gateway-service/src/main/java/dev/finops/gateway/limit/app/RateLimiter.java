package dev.finops.gateway.limit.app;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Requests and tokens per minute per key, team or agent, held across gateway replicas (leases from Postgres, see
 * docs/decisions). A call takes one request and its estimated tokens; {@link #settle} corrects the tokens.
 */
@ApplicationScoped
public class RateLimiter {

    /** Takes one request and {@code estimatedTokens} from every limit of the subject, or refuses without taking. */
    public Uni<LimitDecision> acquire(LimitSubject subject, long estimatedTokens) {
        throw new UnsupportedOperationException("TODO limits");
    }

    /** Replaces the estimate taken by {@link #acquire} with the tokens the call really used. */
    public void settle(LimitSubject subject, long estimatedTokens, long actualTokens) {
        throw new UnsupportedOperationException("TODO limits");
    }
}

package dev.finops.gateway.limit.app;

import java.time.Instant;

/**
 * What this replica claimed of one limit in one minute window and has not handed out yet. Guarded by the
 * {@link RateLimiter}'s lock. Leftovers are simply lost when the window ends: refusals come early, never late.
 */
final class WindowLease {

    final RateLimit limit;
    final Instant windowStart;
    /** When the window ends by this replica's clock (Postgres's end, corrected by the offset seen at the claim). */
    long endsAtMillis;
    long requestsLeft;
    long tokensLeft;
    /** Tokens handed out in this window: the most a settle may give back to it. */
    long tokensHandedOut;
    /** What all replicas together had claimed at this replica's last look (for the remaining-headers). */
    long windowRequestsClaimed;
    long windowTokensClaimed;
    /** A claim of one request failed in this window: every call is refused here until it ends. */
    boolean requestsExhausted;
    /** A claim of this many more tokens failed in this window: calls needing as many are refused here. */
    long tokensShortOf = Long.MAX_VALUE;

    WindowLease(RateLimit limit, Instant windowStart, long endsAtMillis) {
        this.limit = limit;
        this.windowStart = windowStart;
        this.endsAtMillis = endsAtMillis;
    }

    boolean covers(long tokens) {
        return (limit.requestsPerMinute() == null || requestsLeft >= 1)
                && (limit.tokensPerMinute() == null || tokensLeft >= tokens);
    }

    /** The request limit is known to be full for this window. */
    boolean requestsRefused() {
        return limit.requestsPerMinute() != null && requestsLeft < 1 && requestsExhausted;
    }

    /** The token limit is known to lack room for {@code tokens} in this window. */
    boolean tokensRefused(long tokens) {
        return limit.tokensPerMinute() != null && tokensLeft < tokens && tokens - tokensLeft >= tokensShortOf;
    }

    void take(long tokens) {
        if (limit.requestsPerMinute() != null) {
            requestsLeft--;
        }
        if (limit.tokensPerMinute() != null) {
            tokensLeft -= tokens;
            tokensHandedOut += tokens;
        }
    }

    /** Requests still allowed in this window as far as this replica knows (others' claims count as used). */
    long remainingRequests() {
        return Math.max(0, limit.requestsPerMinute() - windowRequestsClaimed + requestsLeft);
    }

    long remainingTokens() {
        return Math.max(0, limit.tokensPerMinute() - windowTokensClaimed + tokensLeft);
    }
}

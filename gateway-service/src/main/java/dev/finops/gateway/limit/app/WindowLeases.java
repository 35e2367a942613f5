package dev.finops.gateway.limit.app;

import dev.finops.gateway.limit.store.WindowRepository.Window;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One replica's blocks of every limit's current window, in memory. Every method holds the lock only for arithmetic,
 * never across a round trip, so a call checks and takes from all its limits at once: all or nothing.
 */
final class WindowLeases {

    /** What a call found in the blocks. */
    sealed interface Outcome {
    }

    /** It took one request and its tokens from the block of every limit. */
    record Taken(Map<String, String> headers) implements Outcome {
    }

    /** A limit is known to have no room for it in this window: nothing was taken. */
    record Refused(RateLimit limit, boolean byTokens, String why, long retryAfterSeconds, Map<String, String> headers)
            implements Outcome {
    }

    /** The block of this limit is empty or short: a claim may bring more. Nothing was taken. */
    record Short(RateLimit limit) implements Outcome {
    }

    /** What a claim for a call should ask beyond the block's leftover: a request (0/1) and tokens. */
    record Need(long requests, long tokens) {
    }

    private record Key(LimitScope scope, String id) {
        static Key of(RateLimit l) {
            return new Key(l.scope(), l.id());
        }
    }

    private final Map<Key, WindowLease> leases = new HashMap<>();

    synchronized Outcome take(List<RateLimit> limits, long tokens, long now) {
        for (RateLimit l : limits) {  // refusals known without a round trip come first
            if (l.tokensPerMinute() != null && tokens > l.tokensPerMinute()) {
                return refused(l, true, " (this call's estimate of " + tokens + " tokens can never fit)", limits, now);
            }
            WindowLease lease = current(l, now);
            if (lease != null && (lease.requestsRefused() || lease.tokensRefused(tokens))) {
                return refused(l, !lease.requestsRefused(), "", limits, now);
            }
        }
        for (RateLimit l : limits) {
            WindowLease lease = current(l, now);
            if (lease == null || !lease.covers(tokens)) {
                return new Short(l);
            }
        }
        limits.forEach(l -> current(l, now).take(tokens));
        return new Taken(RateLimitHeaders.of(leasesOf(limits, now), now));
    }

    /** A refusal by {@code l} whatever the blocks hold (a call that kept losing its block to others). */
    synchronized Refused refuse(RateLimit l, String why, List<RateLimit> limits, long now) {
        return refused(l, false, why, limits, now);
    }

    synchronized Need need(RateLimit l, long tokens, long now) {
        WindowLease lease = current(l, now);
        long requestsLeft = lease == null ? 0 : lease.requestsLeft;
        long tokensLeft = lease == null ? 0 : lease.tokensLeft;
        return new Need(l.requestsPerMinute() == null || requestsLeft >= 1 ? 0 : 1,
                l.tokensPerMinute() == null || tokensLeft >= tokens ? 0 : tokens - tokensLeft);
    }

    /**
     * Puts what a statement saw into the limit's block for that window: what it granted, or that a request
     * ({@code requestsFull}) or {@code tokensShortOf} more tokens no longer fit. {@code sent}/{@code received}: this
     * replica's clock around the round trip, from which the window's end on this clock is corrected.
     */
    synchronized void record(RateLimit l, Window w, long requests, long tokens, long sent, long received,
                             boolean requestsFull, long tokensShortOf) {
        long offset = w.databaseNow().toEpochMilli() - (sent + received) / 2;
        long endsAt = w.start().toEpochMilli() + 60_000 - offset;
        WindowLease lease = leases.get(Key.of(l));
        if (lease == null || !lease.windowStart.equals(w.start()) || !lease.limit.sameLimits(l)) {
            lease = new WindowLease(l, w.start(), endsAt);
            leases.put(Key.of(l), lease);
        }
        lease.endsAtMillis = endsAt;
        lease.requestsLeft += requests;
        lease.tokensLeft += tokens;
        lease.windowRequestsClaimed = Math.max(lease.windowRequestsClaimed, w.requestsClaimed());
        lease.windowTokensClaimed = Math.max(lease.windowTokensClaimed, w.tokensClaimed());
        lease.requestsExhausted |= requestsFull;
        lease.tokensShortOf = Math.min(lease.tokensShortOf, tokensShortOf);
    }

    /**
     * A call used {@code extra} tokens more (negative: fewer) than it took. Fewer go back to the block (at most what
     * it handed out in this window); more come from the block. Answers what the block could not cover.
     */
    synchronized long settle(RateLimit l, long extra, long now) {
        WindowLease lease = current(l, now);
        if (lease == null) {
            return Math.max(0, extra);
        }
        if (extra < 0) {
            long back = Math.min(-extra, lease.tokensHandedOut);
            lease.tokensLeft += back;
            lease.tokensHandedOut -= back;
            return 0;
        }
        long fromBlock = Math.min(extra, lease.tokensLeft);
        lease.tokensLeft -= fromBlock;
        lease.tokensHandedOut += fromBlock;
        lease.windowTokensClaimed += extra - fromBlock;
        return extra - fromBlock;
    }

    /** The limit's block for the window under way, if there is one for the limit as now defined. */
    private WindowLease current(RateLimit l, long now) {
        WindowLease lease = leases.get(Key.of(l));
        if (lease != null && (now >= lease.endsAtMillis || !lease.limit.sameLimits(l))) {
            leases.remove(Key.of(l));  // its leftovers are lost: refusals come early, never late
            return null;
        }
        return lease;
    }

    private List<WindowLease> leasesOf(List<RateLimit> limits, long now) {
        return limits.stream().map(l -> current(l, now)).filter(Objects::nonNull).toList();
    }

    private Refused refused(RateLimit l, boolean byTokens, String why, List<RateLimit> limits, long now) {
        WindowLease lease = current(l, now);
        long millis = lease == null ? 60_000 - Math.floorMod(now, 60_000) : lease.endsAtMillis - now;
        String name = byTokens || l.requestsPerMinute() == null ? l.tokensName() : l.requestsName();
        return new Refused(l, byTokens, name + why, Math.max(1, (millis + 999) / 1000),
                RateLimitHeaders.of(leasesOf(limits, now), now));
    }
}

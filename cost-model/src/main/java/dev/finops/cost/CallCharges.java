package dev.finops.cost;

import java.util.Objects;

/**
 * What a call is billed for besides its tokens: its service tier, how many requests it counts as (null: one,
 * when the rate has a per-request charge) and how many web-search queries it made.
 */
public record CallCharges(ServiceTier serviceTier, Long requests, long searchQueries) {

    public static final CallCharges DEFAULT = new CallCharges(ServiceTier.DEFAULT, null, 0);

    public CallCharges {
        Objects.requireNonNull(serviceTier, "serviceTier");
        if (requests != null && requests < 0 || searchQueries < 0) {
            throw new IllegalArgumentException("requests and searchQueries must not be negative");
        }
    }

    public long billedRequests() {
        return requests == null ? 1 : requests;
    }
}

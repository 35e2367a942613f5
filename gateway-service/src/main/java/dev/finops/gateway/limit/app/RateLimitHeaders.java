package dev.finops.gateway.limit.app;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's {@code x-ratelimit-*} headers for the tightest of a call's limits: per dimension (requests, tokens) the
 * limit with the least left; reset in Go's duration format ("12s", "1m0s", "250ms") as OpenAI sends it.
 */
final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    static Map<String, String> of(List<WindowLease> leases, long now) {
        Map<String, String> headers = new LinkedHashMap<>();
        leases.stream().filter(l -> l.limit.requestsPerMinute() != null)
                .min(Comparator.comparingLong(WindowLease::remainingRequests))
                .ifPresent(l -> put(headers, "requests", l.limit.requestsPerMinute(), l.remainingRequests(),
                        l.endsAtMillis - now));
        leases.stream().filter(l -> l.limit.tokensPerMinute() != null)
                .min(Comparator.comparingLong(WindowLease::remainingTokens))
                .ifPresent(l -> put(headers, "tokens", l.limit.tokensPerMinute(), l.remainingTokens(),
                        l.endsAtMillis - now));
        return headers;
    }

    private static void put(Map<String, String> headers, String what, long limit, long remaining, long resetMillis) {
        headers.put("x-ratelimit-limit-" + what, Long.toString(limit));
        headers.put("x-ratelimit-remaining-" + what, Long.toString(Math.min(limit, remaining)));
        headers.put("x-ratelimit-reset-" + what, goDuration(resetMillis));
    }

    /** Go's time.Duration.String() at millisecond precision. */
    static String goDuration(long millis) {
        if (millis <= 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long minutes = millis / 60_000;
        String seconds = BigDecimal.valueOf(millis % 60_000, 3).stripTrailingZeros().toPlainString();
        return minutes > 0 ? minutes + "m" + seconds + "s" : seconds + "s";
    }
}

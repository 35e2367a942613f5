package dev.finops.gateway.limit.app;

import java.util.Map;

/**
 * Whether a call fits every rate limit that applies to it. {@code headers}: the OpenAI-style
 * {@code x-ratelimit-limit|remaining|reset-requests|tokens} of the tightest limit, for every answer.
 * When refused: the limit's name (e.g. "team research: 60 requests per minute") and when to retry.
 */
public record LimitDecision(boolean allowed, String refusedBy, long retryAfterSeconds, Map<String, String> headers) {

    public static LimitDecision unlimited() {
        return new LimitDecision(true, null, 0, Map.of());
    }
}

package dev.finops.gateway.limit.app;

// placeholder: the real one comes from branch gw-store
/** Requests and tokens per minute; either may be null (no limit of that kind). */
public record LimitSpec(Long requestsPerMinute, Long tokensPerMinute) {
}

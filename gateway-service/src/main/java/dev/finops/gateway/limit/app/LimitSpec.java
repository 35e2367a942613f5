package dev.finops.gateway.limit.app;

/** The limits to set: requests and tokens per minute, either null for none (not both). */
public record LimitSpec(Long requestsPerMinute, Long tokensPerMinute) {
}

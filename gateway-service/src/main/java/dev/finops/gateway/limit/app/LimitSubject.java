package dev.finops.gateway.limit.app;

/** Whose limits a call counts against: the caller's key, its team, and the agent it names (may be null). */
public record LimitSubject(String keyId, String teamId, String agentId) {
}

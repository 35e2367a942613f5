package dev.finops.ingest;

import dev.finops.cost.CallCharges;
import dev.finops.cost.TokenUsage;
import java.time.Instant;
import java.util.SortedMap;

/**
 * One LLM call as the suite stores it: canonical tokens (whatever shape the caller sent),
 * the team it is charged to, and its attribution. {@code teamId} is null until the caller's
 * key has been applied. {@code cachedTokensUnknown}: the reporter does not send cached input tokens, so the
 * cached count of 0 is not a measurement (the call may have cost less than it is valued at). {@code charges}: the
 * call's {@code serviceTier} (default, batch, flex, priority), {@code requests} and {@code searchQueries}.
 */
public record UsageEvent(String eventId, String teamId, Instant timestamp, String provider, String model,
                         TokenUsage tokens, Integer latencyMs, String status, String agentId, String feature,
                         String environment, String customerId, String sessionId, String runId, Integer toolCalls,
                         SortedMap<String, String> tags, boolean cachedTokensUnknown, CallCharges charges) {

    public UsageEvent {
        charges = charges == null ? CallCharges.DEFAULT : charges;
    }

    public UsageEvent withTeam(String team) {
        return new UsageEvent(eventId, team, timestamp, provider, model, tokens, latencyMs, status, agentId, feature,
                environment, customerId, sessionId, runId, toolCalls, tags, cachedTokensUnknown, charges);
    }

    /** The value of an attribution field or, failing that, of a free tag. */
    public String attribute(String name) {
        return switch (name) {
            case "agentId" -> agentId;
            case "teamId" -> teamId;
            case "feature" -> feature;
            case "environment" -> environment;
            case "customerId" -> customerId;
            case "sessionId" -> sessionId;
            case "runId" -> runId;
            default -> tags.get(name);
        };
    }
}

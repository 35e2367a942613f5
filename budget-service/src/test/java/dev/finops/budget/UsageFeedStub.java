package dev.finops.budget;

import dev.finops.testing.UsageFeed;
import java.math.BigDecimal;
import java.time.Instant;

/** The entries budget-service's tests put into ingest's stubbed usage feed ({@link UsageFeed}). */
final class UsageFeedStub {

    private UsageFeedStub() {
    }

    /** A priced (or, with cost null, unpriced) usage entry. */
    record Usage(String eventId, String teamId, Instant timestamp, BigDecimal costUsd, String agentId,
                 String environment, String runId) {

        static Usage of(String eventId, String teamId, Instant timestamp, String costUsd) {
            return new Usage(eventId, teamId, timestamp, costUsd == null ? null : new BigDecimal(costUsd), "agent-1",
                    "prod", null);
        }
    }

    static void append(Usage u) {
        add("usage", u, 10, 5);
    }

    /** A usage entry of a run with the given tokens. */
    static void appendRun(String teamId, String runId, long inputTokens, long outputTokens) {
        add("usage", new Usage(Api.unique("ev"), teamId, Instant.now(), new BigDecimal("0.01"), "agent-1", "prod", runId),
                inputTokens, outputTokens);
    }

    /** A revaluation entry: a cost correction (delta) for an earlier event. */
    static void revalue(Usage u) {
        add("revaluation", u, 0, 0);
    }

    private static void add(String kind, Usage u, long inputTokens, long outputTokens) {
        UsageFeed.append(String.format("{\"kind\":\"%s\",\"eventId\":\"%s\",\"teamId\":\"%s\",\"timestamp\":\"%s\","
                        + "\"receivedAt\":\"%s\",\"agentId\":%s,\"environment\":%s,\"model\":\"gpt-4o\",\"provider\":\"openai\","
                        + "\"runId\":%s,\"costUsd\":%s,\"priced\":%s,\"inputTokens\":%d,\"outputTokens\":%d}",
                kind, u.eventId(), u.teamId(), u.timestamp(), Instant.now(), UsageFeed.json(u.agentId()),
                UsageFeed.json(u.environment()), UsageFeed.json(u.runId()),
                u.costUsd() == null ? "null" : u.costUsd().toPlainString(), u.costUsd() != null, inputTokens, outputTokens));
    }
}

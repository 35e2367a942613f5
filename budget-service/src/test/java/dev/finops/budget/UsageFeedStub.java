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

    /** A usage entry of a model without a rate, valued at a provisional rate, as ingest emits it (issue 18). */
    static void appendProvisional(Usage u, String model) {
        UsageFeed.append(String.format("{\"kind\":\"usage\",\"eventId\":\"%s\",\"teamId\":\"%s\",\"timestamp\":\"%s\","
                        + "\"receivedAt\":\"%s\",\"agentId\":\"agent-1\",\"environment\":\"prod\",\"model\":\"%s\","
                        + "\"provider\":\"openai\",\"costUsd\":%s,\"priced\":true,\"provisional\":true,"
                        + "\"pricedModel\":null,\"inputTokens\":5000000,\"outputTokens\":1000000}",
                u.eventId(), u.teamId(), u.timestamp(), Instant.now(), model, u.costUsd().toPlainString()));
    }

    /** The revaluation of a provisional event once its model has a rate: the exact delta, no longer provisional. */
    static void revalueAtRate(Usage u, String model) {
        UsageFeed.append(String.format("{\"kind\":\"revaluation\",\"eventId\":\"%s\",\"teamId\":\"%s\","
                        + "\"timestamp\":\"%s\",\"receivedAt\":\"%s\",\"agentId\":\"agent-1\",\"environment\":\"prod\","
                        + "\"model\":\"%s\",\"costUsd\":%s,\"priced\":true,\"provisional\":false,\"pricedModel\":\"%s\","
                        + "\"inputTokens\":0,\"outputTokens\":0}",
                u.eventId(), u.teamId(), u.timestamp(), Instant.now(), model, u.costUsd().toPlainString(), model));
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

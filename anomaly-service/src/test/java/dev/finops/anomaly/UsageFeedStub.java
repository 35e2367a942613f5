package dev.finops.anomaly;

import dev.finops.testing.UsageFeed;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The entries anomaly-service's tests put into ingest's stubbed usage feed ({@link UsageFeed}). */
final class UsageFeedStub {

    private UsageFeedStub() {
    }

    /** One usage (or revaluation) entry; costUsd null = unpriced. */
    record Usage(String kind, String eventId, String teamId, Instant timestamp, String agentId, String feature,
                 String sessionId, String runId, String status, long inputTokens, long outputTokens,
                 BigDecimal costUsd) {

        /** A successful call of a session. */
        static Usage call(String team, String agent, String session, Instant at, String costUsd, long in, long out) {
            return new Usage("usage", "ev-" + UUID.randomUUID(), team, at, agent, "feature-" + team, session, null, "ok",
                    in, out, costUsd == null ? null : new BigDecimal(costUsd));
        }

        Usage failed() {
            return new Usage(kind, eventId, teamId, timestamp, agentId, feature, sessionId, runId, "error", inputTokens,
                    outputTokens, costUsd);
        }

        Usage inRun(String run) {
            return new Usage(kind, eventId, teamId, timestamp, agentId, feature, null, run, status, inputTokens,
                    outputTokens, costUsd);
        }

        Usage inFeature(String f) {
            return new Usage(kind, eventId, teamId, timestamp, agentId, f, sessionId, runId, status, inputTokens,
                    outputTokens, costUsd);
        }

        /** A cost correction of this event: a delta, no tokens. */
        Usage revaluedBy(String deltaUsd) {
            return new Usage("revaluation", eventId, teamId, timestamp, agentId, feature, sessionId, runId, status, 0, 0,
                    new BigDecimal(deltaUsd));
        }
    }

    static void append(Usage u) {
        UsageFeed.append(String.format("{\"kind\":\"%s\",\"eventId\":\"%s\",\"teamId\":%s,\"timestamp\":\"%s\","
                        + "\"agentId\":%s,\"feature\":%s,\"environment\":\"prod\",\"model\":\"gpt-4o\",\"provider\":\"openai\","
                        + "\"sessionId\":%s,\"runId\":%s,\"status\":\"%s\",\"costUsd\":%s,\"priced\":%s,"
                        + "\"inputTokens\":%d,\"outputTokens\":%d,\"tags\":{}}",
                u.kind(), u.eventId(), UsageFeed.json(u.teamId()), u.timestamp(), UsageFeed.json(u.agentId()),
                UsageFeed.json(u.feature()), UsageFeed.json(u.sessionId()), UsageFeed.json(u.runId()), u.status(),
                u.costUsd() == null ? "null" : u.costUsd().toPlainString(), u.costUsd() != null, u.inputTokens(),
                u.outputTokens()));
    }
}

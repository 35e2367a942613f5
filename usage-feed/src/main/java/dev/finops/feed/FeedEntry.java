package dev.finops.feed;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The fields of an ingest usage-feed entry that budgets and anomalies need; costUsd null = unpriced,
 * revaluation = a cost delta with no tokens (not a call); receivedAt tells how far behind a consumer is.
 */
public record FeedEntry(String cursor, String kind, String eventId, String teamId, Instant timestamp, Instant receivedAt,
                        String agentId,
                        String feature, String environment, String customerId, String model, String runId,
                        BigDecimal costUsd, String sessionId, String status, long inputTokens, long outputTokens) {

    public boolean isCall() {
        return "usage".equals(kind);
    }

    public boolean isError() {
        return isCall() && "error".equals(status);
    }

    public long tokens() {
        return inputTokens + outputTokens;
    }

    /** The session the burn rate is kept for: sessionId, else runId, else none. */
    public String sessionKey() {
        return sessionId != null && !sessionId.isBlank() ? sessionId : runId != null && !runId.isBlank() ? runId : null;
    }
}

package dev.finops.feed;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The fields of an ingest usage-feed entry that budgets and anomalies need; costUsd null = unpriced,
 * revaluation = a cost delta with no tokens (not a call; corrections of an event come as one too); receivedAt tells
 * how far behind a consumer is. provisional: costUsd is valued at a fallback rate because the model has no rate yet
 * (issue 18); a revaluation follows when one arrives. pricedModel: the rate's model (the alias target), if priced.
 */
public record FeedEntry(String cursor, String kind, String eventId, String teamId, Instant timestamp, Instant receivedAt,
                        String agentId,
                        String feature, String environment, String customerId, String model, String runId,
                        BigDecimal costUsd, String sessionId, String status, long inputTokens, long outputTokens,
                        String pricedModel, boolean provisional) {

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

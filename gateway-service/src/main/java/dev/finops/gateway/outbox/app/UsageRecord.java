package dev.finops.gateway.outbox.app;

import dev.finops.cost.TokenUsage;
import dev.finops.gateway.attribution.Attribution;
import java.time.Instant;
import java.util.Map;

/**
 * One call's usage event as ingest takes it ({@code POST /api/v1/usage}); {@code eventId} is the gateway request id,
 * so a replayed delivery is acknowledged by ingest and not counted twice. {@code tags} are added to the
 * attribution's tags (e.g. {@code gateway.estimated=true}, {@code gateway.attempt=fallback}).
 */
public record UsageRecord(String eventId, Instant timestamp, String provider, String model, TokenUsage tokens,
                          long latencyMs, String status, Attribution attribution, Map<String, String> tags) {
}

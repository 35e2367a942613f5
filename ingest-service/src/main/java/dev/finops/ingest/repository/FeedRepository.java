package dev.finops.ingest.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads committed events in (transaction id, sequence) order, only below the snapshot's xmin:
 * every transaction with a lower id has ended, so no event can later appear before the cursor.
 * See docs/decisions/0002-usage-feed-ordering.md.
 */
@ApplicationScoped
public class FeedRepository {

    /**
     * One feed entry; {@code kind} is "usage" or "revaluation" (a cost correction of an earlier event, or a void or
     * correction of it: then the token fields carry the token deltas too). {@code provisional}: costUsd is valued at a
     * fallback rate ({@code pricedModel} names it); a revaluation follows when the model gets a rate.
     */
    public record FeedEvent(String cursor, String kind, String eventId, String teamId, Instant timestamp,
                            Instant receivedAt, String provider, String model, String pricedModel, long inputTokens,
                            long cachedInputTokens, long cacheWriteInputTokens, long outputTokens,
                            long reasoningTokens, Integer latencyMs, String status, String agentId, String feature,
                            String environment, String customerId, String sessionId, String runId,
                            Integer toolCalls, Map<String, Object> tags, BigDecimal costUsd, Long rateVersion,
                            boolean priced, boolean cachedTokensUnknown, boolean provisional) {
    }

    private static final String READ = """
            SELECT tx_id::text AS tx, seq, kind, event_id, team_id, ts, received_at, provider, model, priced_model,
                   input_tokens, cached_input_tokens, cache_write_input_tokens, output_tokens, reasoning_tokens,
                   latency_ms, status, agent_id, feature, environment, customer_id, session_id, run_id, tool_calls,
                   tags::text AS tags, cost_usd::text AS cost_usd, rate_version, cached_tokens_unknown, provisional
            FROM usage_events
            WHERE (tx_id, seq) > ($1::text::xid8, $2)
              AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
              AND ($4::text IS NULL OR team_id = $4)
            ORDER BY tx_id, seq
            LIMIT $3""";

    private final Pool pool;

    public FeedRepository(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} entries after the cursor, of one team or (null) of every team. */
    public Uni<List<FeedEvent>> after(FeedCursor cursor, int limit, String teamId) {
        return pool.preparedQuery(READ)
                .execute(Tuple.of(Long.toUnsignedString(cursor.txId()), cursor.seq(), limit, teamId))
                .map(rows -> {
                    List<FeedEvent> events = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        events.add(map(row));
                    }
                    return events;
                });
    }

    private static FeedEvent map(Row r) {
        String cost = r.getString("cost_usd");
        String tags = r.getString("tags");
        FeedCursor cursor = new FeedCursor(Long.parseUnsignedLong(r.getString("tx")), r.getLong("seq"));
        return new FeedEvent(cursor.encode(), r.getString("kind"), r.getString("event_id"), r.getString("team_id"),
                r.getOffsetDateTime("ts").toInstant(), r.getOffsetDateTime("received_at").toInstant(),
                r.getString("provider"), r.getString("model"), r.getString("priced_model"),
                r.getLong("input_tokens"), r.getLong("cached_input_tokens"), r.getLong("cache_write_input_tokens"),
                r.getLong("output_tokens"), r.getLong("reasoning_tokens"), r.getInteger("latency_ms"),
                r.getString("status"), r.getString("agent_id"), r.getString("feature"), r.getString("environment"),
                r.getString("customer_id"), r.getString("session_id"), r.getString("run_id"),
                r.getInteger("tool_calls"), tags == null ? Map.of() : new JsonObject(tags).getMap(),
                cost == null ? null : new BigDecimal(cost), r.getLong("rate_version"), cost != null,
                r.getBoolean("cached_tokens_unknown"), r.getBoolean("provisional"));
    }
}

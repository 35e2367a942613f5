package dev.finops.ingest.repository;

import dev.finops.cost.TokenUsage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger of corrections: a void or correction never touches the usage row; it appends a 'revaluation' row with
 * the exact token and cost deltas (what the feed and the rollups carry) and a row in usage_corrections (who, why,
 * before and after).
 */
@ApplicationScoped
public class CorrectionRepository {

    /** An event as it stands now: the usage row plus every delta appended for it. */
    public record CurrentEvent(String teamId, String eventId, Instant ts, String model, TokenUsage tokens,
                               BigDecimal costUsd, boolean provisional, boolean voided, Row source) {
    }

    /** after minus before, per token field (negative when a correction lowers a count). */
    public record TokenDelta(long input, long cached, long cacheWrite, long output, long reasoning) {
        public static TokenDelta between(TokenUsage before, TokenUsage after) {
            return new TokenDelta(after.inputTokens() - before.inputTokens(),
                    after.cachedInputTokens() - before.cachedInputTokens(),
                    after.cacheWriteInputTokens() - before.cacheWriteInputTokens(),
                    after.outputTokens() - before.outputTokens(), after.reasoningTokens() - before.reasoningTokens());
        }
    }

    private static final String CURRENT = """
            SELECT e.team_id, e.event_id, e.ts, e.provider, e.status, e.agent_id, e.feature, e.environment,
                   e.customer_id, e.session_id, e.run_id, e.tags::text AS tags, e.service_tier, e.requests,
                   e.search_queries,
                   coalesce((SELECT x.after->>'model' FROM usage_corrections x WHERE x.team_id = e.team_id
                             AND x.event_id = e.event_id ORDER BY x.id DESC LIMIT 1), e.model) AS model,
                   e.model AS reported_model,
                   e.input_tokens + coalesce(a.input, 0) AS input_tokens,
                   e.cached_input_tokens + coalesce(a.cached, 0) AS cached_input_tokens,
                   e.cache_write_input_tokens + coalesce(a.cache_write, 0) AS cache_write_input_tokens,
                   e.output_tokens + coalesce(a.output, 0) AS output_tokens,
                   e.reasoning_tokens + coalesce(a.reasoning, 0) AS reasoning_tokens,
                   CASE WHEN e.cost_usd IS NULL AND a.cost IS NULL THEN NULL
                        ELSE coalesce(e.cost_usd, 0) + coalesce(a.cost, 0) END::text AS cost,
                   coalesce(a.last_provisional, e.provisional) AS provisional,
                   EXISTS (SELECT 1 FROM usage_corrections x WHERE x.team_id = e.team_id AND x.event_id = e.event_id
                           AND x.kind = 'void') AS voided
            FROM usage_events e
            LEFT JOIN LATERAL (SELECT sum(c.input_tokens) AS input, sum(c.cached_input_tokens) AS cached,
                                      sum(c.cache_write_input_tokens) AS cache_write, sum(c.output_tokens) AS output,
                                      sum(c.reasoning_tokens) AS reasoning, sum(c.cost_usd) AS cost,
                                      (array_agg(c.provisional ORDER BY c.seq DESC))[1] AS last_provisional
                               FROM usage_events c WHERE c.kind = 'revaluation' AND c.team_id = e.team_id
                                 AND c.event_id = e.event_id AND c.ts = e.ts) a ON true
            WHERE e.kind = 'usage' AND e.event_id = $1 AND ($2::text IS NULL OR e.team_id = $2)""";

    private static final String APPEND_DELTA = """
            INSERT INTO usage_events (kind, event_id, team_id, ts, provider, model, priced_model, status, agent_id,
                feature, environment, customer_id, session_id, run_id, tags, input_tokens, cached_input_tokens,
                cache_write_input_tokens, output_tokens, reasoning_tokens, cost_usd, rate_version, provisional)
            VALUES ('revaluation', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::text::jsonb, $15, $16, $17,
                $18, $19, $20::text::numeric, $21, $22)""";

    /** Every usage row with this eventId (one per team that reported it), as it stands now. */
    public Uni<List<CurrentEvent>> current(SqlConnection conn, String eventId, String teamId) {
        return conn.preparedQuery(CURRENT).execute(Tuple.of(eventId, teamId)).map(rows -> {
            List<CurrentEvent> events = new ArrayList<>();
            for (Row r : rows) {
                String cost = r.getString("cost");
                events.add(new CurrentEvent(r.getString("team_id"), r.getString("event_id"),
                        r.getOffsetDateTime("ts").toInstant(), r.getString("model"),
                        new TokenUsage(r.getLong("input_tokens"), r.getLong("cached_input_tokens"),
                                r.getLong("cache_write_input_tokens"), r.getLong("output_tokens"),
                                r.getLong("reasoning_tokens")),
                        cost == null ? null : new BigDecimal(cost), r.getBoolean("provisional"),
                        r.getBoolean("voided"), r));
            }
            return events;
        });
    }

    /** Appends the deltas of a correction as a 'revaluation' row (the feed entry) and its ledger row. */
    public Uni<Void> append(SqlConnection conn, CurrentEvent e, String kind, String reason, String actor,
                            JsonObject before, JsonObject after, TokenDelta delta, BigDecimal deltaUsd,
                            String pricedModel, Long rateVersion, boolean provisional) {
        Row s = e.source();
        Tuple row = Tuple.tuple().addString(e.eventId()).addString(e.teamId()).addOffsetDateTime(e.ts().atOffset(ZoneOffset.UTC))
                .addString(s.getString("provider")).addString(s.getString("reported_model")).addString(pricedModel)
                .addString(s.getString("status")).addString(s.getString("agent_id")).addString(s.getString("feature"))
                .addString(s.getString("environment")).addString(s.getString("customer_id"))
                .addString(s.getString("session_id")).addString(s.getString("run_id")).addString(s.getString("tags"))
                .addLong(delta.input()).addLong(delta.cached()).addLong(delta.cacheWrite())
                .addLong(delta.output()).addLong(delta.reasoning()).addString(deltaUsd.toPlainString())
                .addLong(rateVersion).addBoolean(provisional);
        return conn.preparedQuery(APPEND_DELTA).execute(row)
                .chain(() -> conn.preparedQuery("""
                        INSERT INTO usage_corrections (team_id, event_id, kind, reason, actor, before, after, delta_usd)
                        VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8::text::numeric)""")
                        .execute(Tuple.tuple().addString(e.teamId()).addString(e.eventId()).addString(kind)
                                .addString(reason).addString(actor).addString(before.encode())
                                .addString(after.encode()).addString(deltaUsd.toPlainString())))
                .replaceWithVoid();
    }
}

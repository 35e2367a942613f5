package dev.finops.ingest.repository;

import dev.finops.cost.CallCharges;
import dev.finops.cost.ServiceTier;
import dev.finops.cost.TokenUsage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-valuation never rewrites an event: it appends a 'revaluation' row carrying the cost difference
 * (so the feed delivers the correction and sums over rows stay exact) and adjusts the rollups.
 */
@ApplicationScoped
public class RevaluationRepository {

    /** An event with its valuation so far (original cost plus earlier corrections; null if never priced). */
    public record ValuedEvent(String teamId, String eventId, Instant ts, String model, TokenUsage tokens,
                              BigDecimal currentCostUsd, HourlyRollup.Key rollupKey, Row source,
                              BigDecimal provisionalUsd, CallCharges charges) {
    }

    private static final String PAGE = """
            SELECT e.team_id, e.event_id, e.ts, e.provider, e.model, e.status, e.agent_id, e.feature, e.environment,
                   e.customer_id, e.session_id, e.run_id, e.tags::text AS tags, e.input_tokens, e.cached_input_tokens,
                   e.cache_write_input_tokens, e.output_tokens, e.reasoning_tokens, e.service_tier,
                   e.cache_write_1h_input_tokens, e.requests, e.search_queries,
                   CASE WHEN e.cost_usd IS NULL AND adj.total IS NULL THEN NULL
                        ELSE coalesce(e.cost_usd, 0) + coalesce(adj.total, 0) END::text AS current_cost,
                   CASE WHEN e.provisional AND adj.rows = 0 THEN e.cost_usd END::text AS provisional_cost
            FROM usage_events e
            LEFT JOIN LATERAL (SELECT sum(c.cost_usd) AS total, count(*) AS rows FROM usage_events c
                               WHERE c.kind = 'revaluation' AND c.team_id = e.team_id
                                 AND c.event_id = e.event_id AND c.ts = e.ts) adj ON true
            WHERE e.kind = 'usage' AND e.model = ANY($1) AND e.ts >= $2 AND e.ts < $3
              AND (e.ts, e.team_id, e.event_id) > ($4, $5, $6)
              AND NOT EXISTS (SELECT 1 FROM usage_corrections x WHERE x.team_id = e.team_id AND x.event_id = e.event_id)
            ORDER BY e.ts, e.team_id, e.event_id
            LIMIT $7""";

    private static final String INSERT_CORRECTIONS = """
            INSERT INTO usage_events (kind, event_id, team_id, ts, provider, model, priced_model, status, agent_id,
                feature, environment, customer_id, session_id, run_id, tags, cost_usd, rate_version)
            SELECT 'revaluation', * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[],
                $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                $14::text[]::jsonb[], $15::text[]::numeric[], $16::bigint[])""";

    private final Pool pool;

    public RevaluationRepository(Pool pool) {
        this.pool = pool;
    }

    /** Reported model names seen in the rollups of a time range. */
    public Uni<List<String>> modelsBetween(Instant from, Instant to) {
        return pool.preparedQuery("SELECT DISTINCT model FROM usage_hourly WHERE hour >= date_trunc('hour', $1::timestamptz) AND hour < $2::timestamptz")
                .execute(Tuple.of(utc(from), utc(to))).map(rows -> {
                    List<String> models = new ArrayList<>();
                    rows.forEach(r -> models.add(r.getString(0)));
                    return models;
                });
    }

    /** A model with events still valued provisionally, and the time range they span. */
    public record ProvisionalModel(String model, Instant from, Instant to) {
    }

    /** Models whose events are still provisional (stored so, never revalued since). */
    public Uni<List<ProvisionalModel>> provisionalModels() {
        return pool.query("""
                        SELECT e.model, min(e.ts) AS first, max(e.ts) AS last FROM usage_events e
                        WHERE e.provisional AND e.kind = 'usage' AND NOT EXISTS (SELECT 1 FROM usage_events c
                            WHERE c.kind = 'revaluation' AND c.team_id = e.team_id AND c.event_id = e.event_id
                              AND c.ts = e.ts)
                        GROUP BY e.model""").execute().map(rows -> {
                    List<ProvisionalModel> models = new ArrayList<>();
                    rows.forEach(r -> models.add(new ProvisionalModel(r.getString("model"),
                            r.getOffsetDateTime("first").toInstant(),
                            r.getOffsetDateTime("last").toInstant().plusMillis(1))));
                    return models;
                });
    }

    /** Serialises re-valuations: two running at once could both append the same correction. */
    public Uni<Void> lock(SqlConnection conn) {
        return conn.query("SELECT pg_advisory_xact_lock(hashtext('ingest.revalue'))").execute().replaceWithVoid();
    }

    public Uni<List<ValuedEvent>> page(SqlConnection conn, List<String> models, Instant from, Instant to,
                                       ValuedEvent after, int limit) {
        Tuple params = Tuple.tuple().addArrayOfString(models.toArray(String[]::new)).addOffsetDateTime(utc(from))
                .addOffsetDateTime(utc(to))
                .addOffsetDateTime(after == null ? utc(Instant.EPOCH) : utc(after.ts()))
                .addString(after == null ? "" : after.teamId()).addString(after == null ? "" : after.eventId())
                .addInteger(limit);
        return conn.preparedQuery(PAGE).execute(params).map(rows -> {
            List<ValuedEvent> events = new ArrayList<>(rows.size());
            for (Row r : rows) {
                String cost = r.getString("current_cost");
                Instant ts = r.getOffsetDateTime("ts").toInstant();
                events.add(new ValuedEvent(r.getString("team_id"), r.getString("event_id"), ts, r.getString("model"),
                        new TokenUsage(r.getLong("input_tokens"), r.getLong("cached_input_tokens"),
                                r.getLong("cache_write_input_tokens"), r.getLong("output_tokens"),
                                r.getLong("reasoning_tokens"), r.getLong("cache_write_1h_input_tokens")),
                        cost == null ? null : new BigDecimal(cost),
                        HourlyRollup.Key.of(ts, r.getString("team_id"), r.getString("agent_id"), r.getString("feature"),
                                r.getString("environment"), r.getString("customer_id"), r.getString("provider"),
                                r.getString("model")), r,
                        r.getString("provisional_cost") == null ? null : new BigDecimal(r.getString("provisional_cost")),
                        new CallCharges(ServiceTier.parse(r.getString("service_tier")), r.getLong("requests"),
                                r.getLong("search_queries"))));
            }
            return events;
        });
    }

    /** A correction: the cost difference for one event under a new rate version. */
    public record Correction(ValuedEvent event, BigDecimal deltaUsd, String pricedModel, long rateVersion) {
    }

    public Uni<Void> insertCorrections(SqlConnection conn, List<Correction> corrections) {
        if (corrections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple params = Tuple.tuple()
                .addArrayOfString(col(corrections, "event_id"))
                .addArrayOfString(col(corrections, "team_id"))
                .addArrayOfOffsetDateTime(corrections.stream().map(c -> utc(c.event().ts())).toArray(OffsetDateTime[]::new))
                .addArrayOfString(col(corrections, "provider"))
                .addArrayOfString(col(corrections, "model"))
                .addArrayOfString(corrections.stream().map(Correction::pricedModel).toArray(String[]::new))
                .addArrayOfString(col(corrections, "status"))
                .addArrayOfString(col(corrections, "agent_id"))
                .addArrayOfString(col(corrections, "feature"))
                .addArrayOfString(col(corrections, "environment"))
                .addArrayOfString(col(corrections, "customer_id"))
                .addArrayOfString(col(corrections, "session_id"))
                .addArrayOfString(col(corrections, "run_id"))
                .addArrayOfString(col(corrections, "tags"))
                .addArrayOfString(corrections.stream().map(c -> c.deltaUsd().toPlainString()).toArray(String[]::new))
                .addArrayOfLong(corrections.stream().map(Correction::rateVersion).toArray(Long[]::new));
        return conn.preparedQuery(INSERT_CORRECTIONS).execute(params).replaceWithVoid();
    }

    private static String[] col(List<Correction> corrections, String column) {
        return corrections.stream().map(c -> c.event().source().getString(column)).toArray(String[]::new);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

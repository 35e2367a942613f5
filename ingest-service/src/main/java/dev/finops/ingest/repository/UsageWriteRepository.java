package dev.finops.ingest.repository;

import dev.finops.cost.TokenUsage;
import dev.finops.ingest.UsageEvent;
import dev.finops.ingest.service.EventKey;
import dev.finops.ingest.service.PricedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The SQL of a group commit: every statement takes whole columns as arrays (one round trip per
 * table, whatever the number of events). Callers pass rows sorted by key so that concurrent
 * transactions lock rows in the same order and cannot deadlock.
 */
@ApplicationScoped
public class UsageWriteRepository {

    /** What was answered the first time an event key was accepted. */
    public record StoredAnswer(String fingerprint, BigDecimal costUsd, Long rateVersion, boolean provisional) {
    }

    private static final String CLAIM_KEYS = """
            INSERT INTO event_keys (team_id, event_id, fingerprint, cost_usd, rate_version, provisional)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]::numeric[], $5::bigint[],
                $6::boolean[])
            ON CONFLICT DO NOTHING
            RETURNING team_id, event_id""";

    private static final String EXISTING_ANSWERS = """
            SELECT k.team_id, k.event_id, k.fingerprint, k.cost_usd::text AS cost_usd, k.rate_version, k.provisional
            FROM event_keys k JOIN unnest($1::text[], $2::text[]) AS w(team_id, event_id)
              ON k.team_id = w.team_id AND k.event_id = w.event_id""";

    private static final String INSERT_EVENTS = """
            INSERT INTO usage_events (event_id, team_id, ts, provider, model, priced_model, input_tokens,
                cached_input_tokens, cache_write_input_tokens, output_tokens, reasoning_tokens, latency_ms, status,
                agent_id, feature, environment, customer_id, session_id, run_id, tool_calls, tags, cost_usd,
                rate_version, cached_tokens_unknown, provisional, service_tier, cache_write_1h_input_tokens,
                requests, search_queries)
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::int[], $13::text[],
                $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::int[],
                $21::text[]::jsonb[], $22::text[]::numeric[], $23::bigint[], $24::boolean[], $25::boolean[],
                $26::text[], $27::bigint[], $28::bigint[], $29::bigint[])""";

    private static final String UPSERT_ROLLUPS = """
            INSERT INTO usage_hourly (hour, team_id, agent_id, feature, environment, customer_id, provider, model,
                events, error_events, unpriced_events, input_tokens, cached_input_tokens, cache_write_input_tokens,
                output_tokens, reasoning_tokens, cost_usd, provisional_usd, lane)
            SELECT u.*, $18::smallint FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[],
                $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[],
                $13::bigint[], $14::bigint[], $15::bigint[], $16::bigint[], $17::text[]::numeric[],
                $19::text[]::numeric[]) AS u
            ON CONFLICT (hour, team_id, agent_id, feature, environment, customer_id, provider, model, lane) DO UPDATE SET
                events = usage_hourly.events + excluded.events,
                error_events = usage_hourly.error_events + excluded.error_events,
                unpriced_events = usage_hourly.unpriced_events + excluded.unpriced_events,
                input_tokens = usage_hourly.input_tokens + excluded.input_tokens,
                cached_input_tokens = usage_hourly.cached_input_tokens + excluded.cached_input_tokens,
                cache_write_input_tokens = usage_hourly.cache_write_input_tokens + excluded.cache_write_input_tokens,
                output_tokens = usage_hourly.output_tokens + excluded.output_tokens,
                reasoning_tokens = usage_hourly.reasoning_tokens + excluded.reasoning_tokens,
                cost_usd = usage_hourly.cost_usd + excluded.cost_usd,
                provisional_usd = usage_hourly.provisional_usd + excluded.provisional_usd""";

    private static final String RECORD_RUNS = """
            INSERT INTO agent_runs (team_id, run_id)
            SELECT * FROM unnest($1::text[], $2::text[])
            ON CONFLICT DO NOTHING
            RETURNING team_id""";

    /** Claims the keys of events seen for the first time; answers the keys that were new. */
    public Uni<Set<EventKey>> claimKeys(SqlConnection conn, List<PricedEvent> events) {
        Tuple params = Tuple.tuple()
                .addArrayOfString(column(events, e -> e.event().teamId(), String[]::new))
                .addArrayOfString(column(events, e -> e.event().eventId(), String[]::new))
                .addArrayOfString(column(events, PricedEvent::fingerprint, String[]::new))
                .addArrayOfString(column(events, e -> plain(e.costUsd()), String[]::new))
                .addArrayOfLong(column(events, PricedEvent::rateVersion, Long[]::new))
                .addArrayOfBoolean(column(events, PricedEvent::provisional, Boolean[]::new));
        return conn.preparedQuery(CLAIM_KEYS).execute(params).map(rows -> {
            Set<EventKey> claimed = new HashSet<>();
            for (Row row : rows) {
                claimed.add(new EventKey(row.getString(0), row.getString(1)));
            }
            return claimed;
        });
    }

    public Uni<Map<EventKey, StoredAnswer>> storedAnswers(SqlConnection conn, Collection<EventKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<EventKey> list = List.copyOf(keys);
        Tuple params = Tuple.of(column(list, EventKey::teamId, String[]::new),
                column(list, EventKey::eventId, String[]::new));
        return conn.preparedQuery(EXISTING_ANSWERS).execute(params).map(rows -> {
            Map<EventKey, StoredAnswer> answers = new HashMap<>();
            for (Row row : rows) {
                String cost = row.getString("cost_usd");
                answers.put(new EventKey(row.getString("team_id"), row.getString("event_id")),
                        new StoredAnswer(row.getString("fingerprint"), cost == null ? null : new BigDecimal(cost),
                                row.getLong("rate_version"), row.getBoolean("provisional")));
            }
            return answers;
        });
    }

    public Uni<Void> insertEvents(SqlConnection conn, List<PricedEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple params = Tuple.tuple()
                .addArrayOfString(column(events, e -> e.event().eventId(), String[]::new))
                .addArrayOfString(column(events, e -> e.event().teamId(), String[]::new))
                .addArrayOfOffsetDateTime(column(events, e -> utc(e.event()), OffsetDateTime[]::new))
                .addArrayOfString(column(events, e -> e.event().provider(), String[]::new))
                .addArrayOfString(column(events, e -> e.event().model(), String[]::new))
                .addArrayOfString(column(events, PricedEvent::pricedModel, String[]::new))
                .addArrayOfLong(column(events, e -> e.event().tokens().inputTokens(), Long[]::new))
                .addArrayOfLong(column(events, e -> e.event().tokens().cachedInputTokens(), Long[]::new))
                .addArrayOfLong(column(events, e -> e.event().tokens().cacheWriteInputTokens(), Long[]::new))
                .addArrayOfLong(column(events, e -> e.event().tokens().outputTokens(), Long[]::new))
                .addArrayOfLong(column(events, e -> e.event().tokens().reasoningTokens(), Long[]::new))
                .addArrayOfInteger(column(events, e -> e.event().latencyMs(), Integer[]::new))
                .addArrayOfString(column(events, e -> e.event().status(), String[]::new))
                .addArrayOfString(column(events, e -> e.event().agentId(), String[]::new))
                .addArrayOfString(column(events, e -> e.event().feature(), String[]::new))
                .addArrayOfString(column(events, e -> e.event().environment(), String[]::new))
                .addArrayOfString(column(events, e -> e.event().customerId(), String[]::new))
                .addArrayOfString(column(events, e -> e.event().sessionId(), String[]::new))
                .addArrayOfString(column(events, e -> e.event().runId(), String[]::new))
                .addArrayOfInteger(column(events, e -> e.event().toolCalls(), Integer[]::new))
                .addArrayOfString(column(events, e -> tags(e.event()), String[]::new))
                .addArrayOfString(column(events, e -> plain(e.costUsd()), String[]::new))
                .addArrayOfLong(column(events, PricedEvent::rateVersion, Long[]::new))
                .addArrayOfBoolean(column(events, e -> e.event().cachedTokensUnknown(), Boolean[]::new))
                .addArrayOfBoolean(column(events, PricedEvent::provisional, Boolean[]::new))
                .addArrayOfString(column(events, e -> e.event().charges().serviceTier().wire(), String[]::new))
                .addArrayOfLong(column(events, e -> e.event().tokens().cacheWrite1hInputTokens(), Long[]::new))
                .addArrayOfLong(column(events, e -> e.event().charges().requests(), Long[]::new))
                .addArrayOfLong(column(events, e -> e.event().charges().searchQueries(), Long[]::new));
        return conn.preparedQuery(INSERT_EVENTS).execute(params).replaceWithVoid();
    }

    /** The rollup lane of revaluations (group commits use 0 .. max-concurrent-commits - 1). */
    public static final int REVALUATION_LANE = -1;

    /**
     * Adds the sums of the given rollups to {@code usage_hourly}'s rows of one lane; pass them sorted by key. A
     * writer that has a lane to itself never waits for another's row locks; readers sum over lanes.
     */
    public Uni<Void> addToRollups(SqlConnection conn, List<HourlyRollup> rollups, int lane) {
        if (rollups.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple params = Tuple.tuple()
                .addArrayOfOffsetDateTime(column(rollups, r -> r.key.hour().atOffset(ZoneOffset.UTC),
                        OffsetDateTime[]::new))
                .addArrayOfString(column(rollups, r -> r.key.teamId(), String[]::new))
                .addArrayOfString(column(rollups, r -> r.key.agentId(), String[]::new))
                .addArrayOfString(column(rollups, r -> r.key.feature(), String[]::new))
                .addArrayOfString(column(rollups, r -> r.key.environment(), String[]::new))
                .addArrayOfString(column(rollups, r -> r.key.customerId(), String[]::new))
                .addArrayOfString(column(rollups, r -> r.key.provider(), String[]::new))
                .addArrayOfString(column(rollups, r -> r.key.model(), String[]::new))
                .addArrayOfLong(column(rollups, r -> r.events, Long[]::new))
                .addArrayOfLong(column(rollups, r -> r.errorEvents, Long[]::new))
                .addArrayOfLong(column(rollups, r -> r.unpricedEvents, Long[]::new))
                .addArrayOfLong(column(rollups, r -> r.inputTokens, Long[]::new))
                .addArrayOfLong(column(rollups, r -> r.cachedInputTokens, Long[]::new))
                .addArrayOfLong(column(rollups, r -> r.cacheWriteInputTokens, Long[]::new))
                .addArrayOfLong(column(rollups, r -> r.outputTokens, Long[]::new))
                .addArrayOfLong(column(rollups, r -> r.reasoningTokens, Long[]::new))
                .addArrayOfString(column(rollups, r -> r.costUsd.toPlainString(), String[]::new))
                .addShort((short) lane)
                .addArrayOfString(column(rollups, r -> r.provisionalUsd.toPlainString(), String[]::new));
        return conn.preparedQuery(UPSERT_ROLLUPS).execute(params).replaceWithVoid();
    }

    /** Records the runs of these events; answers how many runs were seen for the first time. */
    public Uni<Integer> recordRuns(SqlConnection conn, List<PricedEvent> events) {
        TreeSet<EventKey> runs = new TreeSet<>();
        for (PricedEvent e : events) {
            if (e.event().runId() != null) {
                runs.add(new EventKey(e.event().teamId(), e.event().runId()));
            }
        }
        if (runs.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<EventKey> list = List.copyOf(runs);
        Tuple params = Tuple.of(column(list, EventKey::teamId, String[]::new),
                column(list, EventKey::eventId, String[]::new));
        return conn.preparedQuery(RECORD_RUNS).execute(params).map(rows -> rows.rowCount());
    }

    /** Rollup rows for newly stored events, sorted by key. */
    public static List<HourlyRollup> rollupsOf(List<PricedEvent> events) {
        Map<HourlyRollup.Key, HourlyRollup> byKey = new HashMap<>();
        for (PricedEvent p : events) {
            UsageEvent e = p.event();
            TokenUsage t = e.tokens();
            byKey.computeIfAbsent(HourlyRollup.Key.of(e.timestamp(), e.teamId(), e.agentId(), e.feature(),
                    e.environment(), e.customerId(), e.provider(), e.model()), HourlyRollup::new)
                    .addEvent(t.inputTokens(), t.cachedInputTokens(), t.cacheWriteInputTokens(), t.outputTokens(),
                            t.reasoningTokens(), "error".equals(e.status()), p.costUsd());
            if (p.provisional()) {
                byKey.get(HourlyRollup.Key.of(e.timestamp(), e.teamId(), e.agentId(), e.feature(), e.environment(),
                        e.customerId(), e.provider(), e.model())).addProvisional(p.costUsd());
            }
        }
        List<HourlyRollup> sorted = new ArrayList<>(byKey.values());
        sorted.sort((a, b) -> a.key.compareTo(b.key));
        return sorted;
    }

    static <T, C> C[] column(List<T> rows, Function<T, C> value, java.util.function.IntFunction<C[]> array) {
        C[] out = array.apply(rows.size());
        for (int i = 0; i < out.length; i++) {
            out[i] = value.apply(rows.get(i));
        }
        return out;
    }

    static String plain(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    private static OffsetDateTime utc(UsageEvent e) {
        return e.timestamp().atOffset(ZoneOffset.UTC);
    }

    private static String tags(UsageEvent e) {
        return e.tags().isEmpty() ? null : new JsonObject(new java.util.LinkedHashMap<>(e.tags())).encode();
    }
}

package dev.finops.budget.repository;

import static dev.finops.budget.repository.SpendRepository.utc;

import dev.finops.budget.Alert;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Alerts and, in the same statement, their outbox rows for every channel the alert is routed to. */
@ApplicationScoped
public class AlertRepository {

    /** An active budget condition and the spend of its period now. */
    public record BudgetCondition(Alert alert, BigDecimal spentUsd) {
    }

    static final String COLUMNS = "id, dedup_key, type, severity, summary, details::text AS details, budget_id, team_id,"
            + " source, created_at, kind, resolves, resolved_at";

    /**
     * Which alerts a channel {@code c} gets by team (an alert {@code a}): an org channel without subscriptions every
     * alert; any channel those of its own team and of the teams it subscribes to ({@code scope_teams}).
     */
    static String teamRouted(String a) {
        return "((c.team_id IS NULL AND c.scope_teams IS NULL) OR " + a + ".team_id = c.team_id OR " + a
                + ".team_id = ANY (c.scope_teams))";
    }

    /** Routing: severity and types as the channel asks; notices never go to PagerDuty or Alertmanager (no incident). */
    private static final String ROUTED = """
            c.enabled AND fresh.severity_rank >= c.min_severity_rank
            AND (c.alert_types IS NULL OR fresh.type = ANY (c.alert_types))
            AND NOT (fresh.kind = 'notice' AND c.type IN ('pagerduty', 'alertmanager'))
            AND\s""" + teamRouted("fresh");

    /** Inserts the alerts whose dedupKey is new (others are ignored); answers the ids of those inserted. */
    public Uni<List<UUID>> insertNew(SqlClient sql, List<Alert> alerts) {
        return insertNew(sql, alerts, Collections.nCopies(alerts.size(), false));
    }

    /**
     * Inserts the alerts whose condition (their dedupKey) is new; one whose condition fired before is inserted again,
     * as {@code <dedupKey>#<n>}, only where {@code refire} says so and every earlier alert of it is resolved.
     */
    public Uni<List<UUID>> insertNew(SqlClient sql, List<Alert> alerts, List<Boolean> refire) {
        return insertNew(sql, alerts, refire, true);
    }

    /**
     * As {@link #insertNew(SqlClient, List, List)}; {@code routed} false stores the alerts without deliveries (the
     * caller then delivers one of them with {@link #deliver} and marks the others {@link #coalesce coalesced}).
     */
    public Uni<List<UUID>> insertNew(SqlClient sql, List<Alert> alerts, List<Boolean> refire, boolean routed) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return sql.preparedQuery("""
                        WITH cand AS (
                          SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[],
                                               $7::text[], $8::uuid[], $9::text[], $10::text[], $11::bool[],
                                               $12::text[])
                            AS t(id, key, type, sev, rank, summary, details, budget, source, kind, refire, team)),
                        prior AS (
                          SELECT cand.id, count(a.id) AS n, count(a.id) FILTER (WHERE a.resolved_at IS NULL) AS active
                          FROM cand LEFT JOIN alerts a ON a.condition_key = cand.key GROUP BY cand.id),
                        fresh AS (
                          INSERT INTO alerts (id, dedup_key, condition_key, type, severity, severity_rank, summary, details,
                                              budget_id, source, kind, team_id)
                          SELECT cand.id, CASE WHEN prior.n = 0 THEN cand.key ELSE cand.key || '#' || (prior.n + 1) END,
                                 cand.key, cand.type, cand.sev, cand.rank, cand.summary, cand.details::jsonb, cand.budget,
                                 cand.source, cand.kind, cand.team
                          FROM cand JOIN prior ON prior.id = cand.id
                          WHERE prior.n = 0 OR (cand.refire AND prior.active = 0)
                          ON CONFLICT (dedup_key) DO NOTHING
                          RETURNING id, type, kind, severity_rank, team_id),
                        routed AS (
                          INSERT INTO alert_deliveries (alert_id, channel_id)
                          SELECT fresh.id, c.id FROM fresh JOIN alert_channels c ON $13 AND\s""" + ROUTED + """
                        )
                        SELECT id FROM fresh""")
                .execute(Tuple.tuple(List.of(
                        alerts.stream().map(Alert::id).toArray(UUID[]::new),
                        alerts.stream().map(Alert::dedupKey).toArray(String[]::new),
                        alerts.stream().map(Alert::type).toArray(String[]::new),
                        alerts.stream().map(a -> a.severity().name()).toArray(String[]::new),
                        alerts.stream().map(a -> a.severity().rank()).toArray(Integer[]::new),
                        alerts.stream().map(Alert::summary).toArray(String[]::new),
                        alerts.stream().map(a -> new JsonObject(a.details()).encode()).toArray(String[]::new),
                        alerts.stream().map(Alert::budgetId).toArray(UUID[]::new),
                        alerts.stream().map(Alert::source).toArray(String[]::new),
                        alerts.stream().map(a -> a.kind().name()).toArray(String[]::new),
                        refire.toArray(Boolean[]::new),
                        alerts.stream().map(Alert::teamId).toArray(String[]::new), routed)))
                .map(AlertRepository::ids);
    }

    /**
     * Delivers a stored alert that was inserted unrouted, as the one alert of its spend update: its summary replaced,
     * {@code more} added to its details, routed like any alert of its severity and team to the channels that take its
     * type or any of {@code alsoTypes} (a merged alert speaks for those too).
     */
    public Uni<Void> deliver(SqlClient sql, UUID alertId, String summary, Map<String, Object> more, List<String> alsoTypes) {
        return sql.preparedQuery("""
                        WITH fresh AS (
                          UPDATE alerts SET summary = $2, details = details || $3::text::jsonb WHERE id = $1
                          RETURNING id, type, kind, severity_rank, team_id)
                        INSERT INTO alert_deliveries (alert_id, channel_id)
                        SELECT fresh.id, c.id FROM fresh JOIN alert_channels c ON c.enabled
                          AND fresh.severity_rank >= c.min_severity_rank
                          AND (c.alert_types IS NULL OR fresh.type = ANY (c.alert_types) OR c.alert_types && $4::text[])
                          AND NOT (fresh.kind = 'notice' AND c.type IN ('pagerduty', 'alertmanager'))
                          AND\s""" + teamRouted("fresh"))
                .execute(Tuple.of(alertId, summary, new JsonObject(more).encode(), alsoTypes.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Records alerts as crossed but delivered as part of the alert {@code into} (their details say which). */
    public Uni<Void> coalesce(SqlClient sql, List<UUID> alertIds, UUID into) {
        if (alertIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("""
                        UPDATE alerts a SET coalesced_into = d.dedup_key,
                               details = a.details || jsonb_build_object('coalescedInto', d.dedup_key)
                        FROM alerts d WHERE d.id = $2 AND a.id = ANY ($1::uuid[])""")
                .execute(Tuple.of(alertIds.toArray(UUID[]::new), into)).replaceWithVoid();
    }

    /**
     * Ends a condition that is still active: marks it resolved at {@code resolution.createdAt()} and stores the
     * resolution, routed to the (still enabled) channels the condition was routed to. Answers false when the condition
     * had ended already (another replica, or an earlier resolution), and then stores nothing.
     */
    public Uni<Boolean> resolve(SqlClient sql, UUID conditionId, Alert resolution) {
        return sql.preparedQuery("""
                        WITH ended AS (
                          UPDATE alerts SET resolved_at = $2 WHERE id = $1 AND kind = 'condition' AND resolved_at IS NULL
                          RETURNING id),
                        fresh AS (
                          INSERT INTO alerts (id, dedup_key, condition_key, type, severity, severity_rank, summary, details,
                                              budget_id, source, kind, resolves, created_at, team_id)
                          SELECT $3, $4, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11, 'resolution', ended.id, $2, $12
                          FROM ended
                          ON CONFLICT (dedup_key) DO NOTHING
                          RETURNING id, resolves),
                        routed AS (
                          INSERT INTO alert_deliveries (alert_id, channel_id)
                          SELECT fresh.id, d.channel_id FROM fresh JOIN alert_deliveries d ON d.alert_id = fresh.resolves
                          JOIN alert_channels c ON c.id = d.channel_id AND c.enabled)
                        SELECT count(*) AS ended FROM ended""")
                .execute(Tuple.tuple(java.util.Arrays.asList(conditionId, utc(resolution.createdAt()), resolution.id(),
                        resolution.dedupKey(), resolution.type(), resolution.severity().name(),
                        resolution.severity().rank(), resolution.summary(), new JsonObject(resolution.details()).encode(),
                        resolution.budgetId(), resolution.source(), resolution.teamId())))
                .map(rows -> rows.iterator().next().getLong("ended") == 1);
    }

    /** The condition with this dedupKey, if there is one. */
    public Uni<Optional<Alert>> condition(SqlClient sql, String dedupKey) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM alerts WHERE dedup_key = $1 AND kind = 'condition'")
                .execute(Tuple.of(dedupKey))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(map(rows.iterator().next())) : Optional.empty());
    }

    /** Budget conditions that have not ended, each with the spend of its period as it is now. */
    public Uni<List<BudgetCondition>> activeBudgetConditions(SqlClient sql) {
        return sql.query("""
                        SELECT a.id, a.dedup_key, a.type, a.severity, a.summary, a.details::text AS details, a.budget_id,
                               a.team_id, a.source, a.created_at, a.kind, a.resolves, a.resolved_at, p.spent_usd::text AS spent
                        FROM alerts a LEFT JOIN budget_periods p ON p.budget_id = a.budget_id
                         AND p.period_start = (a.details ->> 'periodStart')::timestamptz
                        WHERE a.kind = 'condition' AND a.resolved_at IS NULL AND a.budget_id IS NOT NULL
                          AND a.type IN ('budget_threshold', 'budget_hard_limit')
                        ORDER BY a.created_at, a.id""")
                .execute().map(rows -> {
                    List<BudgetCondition> conditions = new ArrayList<>();
                    for (Row r : rows) {
                        String spent = r.getString("spent");
                        conditions.add(new BudgetCondition(map(r), spent == null ? BigDecimal.ZERO : new BigDecimal(spent)));
                    }
                    return conditions;
                });
    }

    /** Newest first; a null budget or team matches every alert, a team only that team's. */
    public Uni<List<Alert>> recent(SqlClient sql, UUID budgetId, String teamId, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM alerts WHERE ($1::uuid IS NULL OR budget_id = $1)"
                        + " AND ($3::text IS NULL OR team_id = $3) ORDER BY created_at DESC, id LIMIT $2")
                .execute(Tuple.of(budgetId, limit, teamId))
                .map(rows -> {
                    List<Alert> alerts = new ArrayList<>();
                    rows.forEach(r -> alerts.add(map(r)));
                    return alerts;
                });
    }

    static Alert map(Row r) {
        OffsetDateTime resolvedAt = r.getOffsetDateTime("resolved_at");
        return new Alert(r.getUUID("id"), r.getString("dedup_key"), r.getString("type"),
                Alert.Severity.parse(r.getString("severity")), r.getString("summary"),
                new JsonObject(r.getString("details")).getMap(), r.getUUID("budget_id"), r.getString("team_id"),
                r.getString("source"),
                r.getOffsetDateTime("created_at").toInstant(), Alert.Kind.valueOf(r.getString("kind")),
                r.getUUID("resolves"), resolvedAt == null ? null : resolvedAt.toInstant());
    }

    private static List<UUID> ids(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<UUID> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.getUUID("id")));
        return ids;
    }
}

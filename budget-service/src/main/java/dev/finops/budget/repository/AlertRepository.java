package dev.finops.budget.repository;

import dev.finops.budget.Alert;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Alerts and, in the same statement, their outbox rows for every channel the alert is routed to. */
@ApplicationScoped
public class AlertRepository {

    static final String COLUMNS = "id, dedup_key, type, severity, summary, details::text AS details, budget_id, source,"
            + " created_at";

    /** Inserts the alerts whose dedupKey is new (others are ignored); answers the ids of those inserted. */
    public Uni<List<UUID>> insertNew(SqlClient sql, List<Alert> alerts) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return sql.preparedQuery("""
                        WITH fresh AS (
                          INSERT INTO alerts (id, dedup_key, type, severity, severity_rank, summary, details, budget_id, source)
                          SELECT id, key, type, sev, rank, summary, details::jsonb, budget, source
                          FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[],
                                      $8::uuid[], $9::text[]) AS t(id, key, type, sev, rank, summary, details, budget, source)
                          ON CONFLICT (dedup_key) DO NOTHING
                          RETURNING id, type, severity_rank),
                        routed AS (
                          INSERT INTO alert_deliveries (alert_id, channel_id)
                          SELECT fresh.id, c.id FROM fresh JOIN alert_channels c
                            ON c.enabled AND fresh.severity_rank >= c.min_severity_rank
                           AND (c.alert_types IS NULL OR fresh.type = ANY (c.alert_types)))
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
                        alerts.stream().map(Alert::source).toArray(String[]::new))))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("id")));
                    return ids;
                });
    }

    public Uni<List<Alert>> recent(SqlClient sql, UUID budgetId, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM alerts WHERE ($1::uuid IS NULL OR budget_id = $1)"
                        + " ORDER BY created_at DESC, id LIMIT $2")
                .execute(Tuple.of(budgetId, limit))
                .map(rows -> {
                    List<Alert> alerts = new ArrayList<>();
                    rows.forEach(r -> alerts.add(map(r)));
                    return alerts;
                });
    }

    static Alert map(Row r) {
        return new Alert(r.getUUID("id"), r.getString("dedup_key"), r.getString("type"),
                Alert.Severity.parse(r.getString("severity")), r.getString("summary"),
                new JsonObject(r.getString("details")).getMap(), r.getUUID("budget_id"), r.getString("source"),
                r.getOffsetDateTime("created_at").toInstant());
    }
}

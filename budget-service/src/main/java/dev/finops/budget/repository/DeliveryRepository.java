package dev.finops.budget.repository;

import static dev.finops.budget.repository.SpendRepository.utc;

import dev.finops.budget.Alert;
import dev.finops.budget.AlertChannel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The delivery outbox. Due rows are claimed by pushing their next attempt a lease into the future
 * (SKIP LOCKED, so replicas never claim the same row); a replica that dies mid-send leaves the row to be
 * retried when the lease ends: at-least-once.
 */
@ApplicationScoped
public class DeliveryRepository {

    /** A claimed delivery: the alert, the channel, how many attempts came before and how many sends succeeded. */
    public record Due(long id, int attempts, int sends, Alert alert, AlertChannel channel) {
    }

    /**
     * A delivery as GET /api/v1/alerts shows it: {@code attempts} of the current send (a re-send to an Alertmanager
     * starts again at 0), {@code sends} that succeeded, {@code deliveredAt} the last of them.
     */
    public record Delivery(UUID channelId, String channelName, String channelType, String status, int attempts,
                           int sends, Integer lastStatus, String lastError, Instant lastAttemptAt, Instant nextAttemptAt,
                           Instant deliveredAt) {
    }

    /** Due rows; a resolution waits until no delivery of the condition it ends to the same channel is pending. */
    private static final String CLAIM = """
            WITH claimed AS (
              UPDATE alert_deliveries d SET next_attempt_at = $2
              WHERE d.id IN (SELECT x.id FROM alert_deliveries x JOIN alerts xa ON xa.id = x.alert_id
                             WHERE x.status = 'pending' AND x.next_attempt_at <= $1
                               AND NOT EXISTS (SELECT 1 FROM alert_deliveries f WHERE f.alert_id = xa.resolves
                                               AND f.channel_id = x.channel_id AND f.status = 'pending')
                             ORDER BY x.next_attempt_at LIMIT $3 FOR UPDATE OF x SKIP LOCKED)
              RETURNING d.id, d.alert_id, d.channel_id, d.attempts, d.sends)
            SELECT claimed.id AS delivery_id, claimed.attempts AS delivery_attempts, claimed.sends AS delivery_sends,
                   a.id, a.dedup_key, a.type, a.severity, a.summary, a.details::text AS details, a.budget_id, a.team_id,
                   a.source,
                   a.created_at, a.kind, a.resolves, a.resolved_at,
                   c.id AS c_id, c.name AS c_name, c.type AS c_type, c.url AS c_url, c.secret AS c_secret,
                   c.email_to AS c_email_to, c.min_severity_rank AS c_min_severity_rank, c.alert_types AS c_alert_types,
                   c.team_id AS c_team_id, c.scope_teams AS c_scope_teams,
                   c.enabled AS c_enabled, c.disabled_reason AS c_disabled_reason, c.created_at AS c_created_at
            FROM claimed JOIN alerts a ON a.id = claimed.alert_id JOIN alert_channels c ON c.id = claimed.channel_id""";

    public Uni<List<Due>> claim(SqlClient sql, Instant now, Duration lease, int limit, UnaryOperator<String> open) {
        return sql.preparedQuery(CLAIM).execute(Tuple.of(utc(now), utc(now.plus(lease)), limit)).map(rows -> {
            List<Due> due = new ArrayList<>();
            for (Row r : rows) {
                due.add(new Due(r.getLong("delivery_id"), r.getInteger("delivery_attempts"), r.getInteger("delivery_sends"),
                        AlertRepository.map(r),
                        channel(r, open)));
            }
            return due;
        });
    }

    public Uni<Void> delivered(SqlClient sql, long id, int status) {
        return sql.preparedQuery("UPDATE alert_deliveries SET status = 'delivered', attempts = attempts + 1,"
                        + " sends = sends + 1, last_status = $2, last_error = NULL, last_attempt_at = now(),"
                        + " delivered_at = now() WHERE id = $1")
                .execute(Tuple.of(id, status)).replaceWithVoid();
    }

    /** Records a failed attempt; a null next attempt dead-letters the delivery. */
    public Uni<Void> failed(SqlClient sql, long id, Integer status, String error, Instant nextAttempt) {
        return sql.preparedQuery("UPDATE alert_deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3,"
                        + " last_attempt_at = now(), status = CASE WHEN $4::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,"
                        + " next_attempt_at = coalesce($4::timestamptz, next_attempt_at) WHERE id = $1")
                .execute(Tuple.tuple(Arrays.asList(id, status, error, nextAttempt == null ? null : utc(nextAttempt))))
                .replaceWithVoid();
    }

    /** Dead-letters every pending delivery of a channel (the channel was disabled). */
    public Uni<Void> deadForChannel(SqlClient sql, UUID channelId, String reason) {
        return sql.preparedQuery("UPDATE alert_deliveries SET status = 'dead', last_error = $2"
                        + " WHERE channel_id = $1 AND status = 'pending'")
                .execute(Tuple.of(channelId, reason)).replaceWithVoid();
    }

    /**
     * Queues the active conditions for their Alertmanager channels again (as Prometheus re-sends firing alerts):
     * deliveries last sent before {@code sentBefore} become due at {@code now}; those still pending keep their retry.
     * Channels created or re-routed since a condition fired get it too. Answers how many were queued.
     */
    public Uni<Integer> resendToAlertmanagers(SqlClient sql, Instant now, Instant sentBefore) {
        return sql.preparedQuery("""
                        WITH routed AS (
                          INSERT INTO alert_deliveries (alert_id, channel_id, next_attempt_at)
                          SELECT a.id, c.id, $1 FROM alerts a JOIN alert_channels c ON c.type = 'alertmanager'
                           AND c.enabled AND a.severity_rank >= c.min_severity_rank
                           AND (c.alert_types IS NULL OR a.type = ANY (c.alert_types))
                           AND\s""" + AlertRepository.teamRouted("a") + """
                          WHERE a.kind = 'condition' AND a.resolved_at IS NULL AND a.coalesced_into IS NULL
                          ON CONFLICT (alert_id, channel_id) DO NOTHING RETURNING id),
                        requeued AS (
                          UPDATE alert_deliveries d SET status = 'pending', attempts = 0, next_attempt_at = $1
                          FROM alerts a, alert_channels c
                          WHERE a.id = d.alert_id AND c.id = d.channel_id AND c.type = 'alertmanager' AND c.enabled
                            AND a.kind = 'condition' AND a.resolved_at IS NULL
                            AND d.status = 'delivered' AND d.delivered_at < $2
                          RETURNING d.id)
                        SELECT (SELECT count(*) FROM routed) + (SELECT count(*) FROM requeued) AS queued""")
                .execute(Tuple.of(utc(now), utc(sentBefore))).map(rows -> rows.iterator().next().getLong("queued").intValue());
    }

    /** Puts an alert's dead letters back in the queue; answers how many. */
    public Uni<Integer> resend(SqlClient sql, UUID alertId) {
        return sql.preparedQuery("UPDATE alert_deliveries d SET status = 'pending', attempts = 0, next_attempt_at = now()"
                        + " FROM alert_channels c WHERE c.id = d.channel_id AND c.enabled AND d.alert_id = $1"
                        + " AND d.status = 'dead'")
                .execute(Tuple.of(alertId)).map(rows -> rows.rowCount());
    }

    public Uni<List<Delivery>> forAlert(SqlClient sql, UUID alertId) {
        return sql.preparedQuery("""
                        SELECT c.id, c.name, c.type, d.status, d.attempts, d.sends, d.last_status, d.last_error, d.last_attempt_at,
                               d.next_attempt_at, d.delivered_at
                        FROM alert_deliveries d JOIN alert_channels c ON c.id = d.channel_id
                        WHERE d.alert_id = $1 ORDER BY c.name""")
                .execute(Tuple.of(alertId)).map(rows -> {
                    List<Delivery> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new Delivery(r.getUUID("id"), r.getString("name"), r.getString("type"),
                                r.getString("status"), r.getInteger("attempts"), r.getInteger("sends"),
                                r.getInteger("last_status"),
                                r.getString("last_error"), instant(r, "last_attempt_at"),
                                "pending".equals(r.getString("status")) ? instant(r, "next_attempt_at") : null,
                                instant(r, "delivered_at")));
                    }
                    return list;
                });
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static AlertChannel channel(Row r, UnaryOperator<String> open) {
        String[] types = r.getArrayOfStrings("c_alert_types");
        return new AlertChannel(r.getUUID("c_id"), r.getString("c_name"), r.getString("c_team_id"),
                AlertChannel.Type.parse(r.getString("c_type")), r.getString("c_url"), open.apply(r.getString("c_secret")),
                r.getString("c_email_to"), Alert.Severity.values()[r.getInteger("c_min_severity_rank") - 1],
                types == null ? null : List.of(types), AlertChannel.scopesOf(r.getArrayOfStrings("c_scope_teams")),
                r.getBoolean("c_enabled"), r.getString("c_disabled_reason"),
                r.getOffsetDateTime("c_created_at").toInstant());
    }
}

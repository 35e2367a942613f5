package dev.finops.anomaly.repository;

import static dev.finops.anomaly.repository.SessionMinuteRepository.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the scheduled detectors compare: per scope id, a recent period against a history period of hourly spend. */
@ApplicationScoped
public class DetectorStatsRepository {

    /** One period's totals of one scope id. */
    public record Totals(BigDecimal usd, long calls, long tokens, long errors, long activeHours, long activeDays,
                         BigDecimal maxHourUsd) {
    }

    /** A scope id's recent and history totals. */
    public record Stats(String scope, String scopeId, Totals recent, Totals history) {
    }

    private static String totals(String period, String prefix) {
        return String.format("""
                COALESCE(sum(usd) FILTER (WHERE %1$s), 0)::text AS %2$s_usd,
                COALESCE(sum(calls) FILTER (WHERE %1$s), 0) AS %2$s_calls,
                COALESCE(sum(tokens) FILTER (WHERE %1$s), 0) AS %2$s_tokens,
                COALESCE(sum(errors) FILTER (WHERE %1$s), 0) AS %2$s_errors,
                count(*) FILTER (WHERE %1$s AND usd > 0) AS %2$s_hours,
                count(DISTINCT date_trunc('day', hour, 'UTC')) FILTER (WHERE %1$s AND usd > 0) AS %2$s_days,
                COALESCE(max(usd) FILTER (WHERE %1$s), 0)::text AS %2$s_max""", period, prefix);
    }

    private static final String STATS = "SELECT scope, scope_id,\n"
            + totals("hour >= $2 AND hour < $3", "recent") + ",\n"
            + totals("hour >= $4 AND hour < $5", "history") + """

            FROM spend_hours
            WHERE scope = ANY($1) AND ((hour >= $2 AND hour < $3) OR (hour >= $4 AND hour < $5))
            GROUP BY scope, scope_id""";

    /** Totals of [recentFrom, recentTo) and [historyFrom, historyTo) for every id of these scopes with either. */
    public Uni<List<Stats>> stats(SqlClient sql, List<String> scopes, Instant recentFrom, Instant recentTo,
                                  Instant historyFrom, Instant historyTo) {
        return sql.preparedQuery(STATS)
                .execute(Tuple.of(scopes.toArray(String[]::new), utc(recentFrom), utc(recentTo), utc(historyFrom),
                        utc(historyTo)))
                .map(rows -> {
                    List<Stats> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Stats(r.getString("scope"), r.getString("scope_id"), totals(r, "recent"),
                                totals(r, "history")));
                    }
                    return out;
                });
    }

    private static Totals totals(Row r, String p) {
        return new Totals(new BigDecimal(r.getString(p + "_usd")), r.getLong(p + "_calls"), r.getLong(p + "_tokens"),
                r.getLong(p + "_errors"), r.getLong(p + "_hours"), r.getLong(p + "_days"),
                new BigDecimal(r.getString(p + "_max")));
    }
}

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hourly spend, calls, tokens and errors per scope (org '*', team, agent, feature), derived from the feed. */
@ApplicationScoped
public class SpendHourRepository {

    /** One scope's usage in one hour (a delta when written, the total when read). */
    public record SpendHour(String scope, String scopeId, Instant hour, BigDecimal usd, long calls, long tokens,
                            long errors) {
    }

    public Uni<Void> add(SqlClient sql, List<SpendHour> deltas) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("""
                        INSERT INTO spend_hours AS h (scope, scope_id, hour, usd, calls, tokens, errors)
                        SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]::numeric[],
                                             $5::bigint[], $6::bigint[], $7::bigint[])
                        ON CONFLICT (scope, scope_id, hour) DO UPDATE SET
                            usd = h.usd + excluded.usd, calls = h.calls + excluded.calls,
                            tokens = h.tokens + excluded.tokens, errors = h.errors + excluded.errors""")
                .execute(Tuple.tuple(List.of(
                        deltas.stream().map(SpendHour::scope).toArray(String[]::new),
                        deltas.stream().map(SpendHour::scopeId).toArray(String[]::new),
                        deltas.stream().map(d -> utc(d.hour())).toArray(java.time.OffsetDateTime[]::new),
                        deltas.stream().map(d -> d.usd().toPlainString()).toArray(String[]::new),
                        deltas.stream().map(SpendHour::calls).toArray(Long[]::new),
                        deltas.stream().map(SpendHour::tokens).toArray(Long[]::new),
                        deltas.stream().map(SpendHour::errors).toArray(Long[]::new))))
                .replaceWithVoid();
    }

    /** Per scope id, the USD of every hour in [from, to) that had spend, ascending. */
    public Uni<Map<String, List<BigDecimal>>> activeHourSpend(SqlClient sql, String scope, Instant from, Instant to) {
        return sql.preparedQuery("""
                        SELECT scope_id, array_agg(usd::text ORDER BY usd) AS usd FROM spend_hours
                        WHERE scope = $1 AND hour >= $2 AND hour < $3 AND usd > 0 GROUP BY scope_id""")
                .execute(Tuple.of(scope, utc(from), utc(to)))
                .map(rows -> {
                    Map<String, List<BigDecimal>> out = new LinkedHashMap<>();
                    for (Row r : rows) {
                        List<BigDecimal> hours = new ArrayList<>();
                        for (String s : r.getArrayOfStrings("usd")) {
                            hours.add(new BigDecimal(s));
                        }
                        out.put(r.getString("scope_id"), hours);
                    }
                    return out;
                });
    }

    public Uni<Integer> deleteBefore(SqlClient sql, Instant before) {
        return sql.preparedQuery("DELETE FROM spend_hours WHERE hour < $1").execute(Tuple.of(utc(before)))
                .map(rows -> rows.rowCount());
    }
}

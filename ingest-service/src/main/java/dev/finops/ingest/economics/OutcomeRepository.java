package dev.finops.ingest.economics;

import io.smallrye.mutiny.Uni;
import dev.finops.ingest.report.Dimension;
import dev.finops.ingest.report.ReportQuery;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Outcomes and their hourly sums, written in one transaction, idempotent on (team, outcomeId). */
@ApplicationScoped
public class OutcomeRepository {

    private static final String INSERT = """
            INSERT INTO outcomes (team_id, outcome_id, type, count, ts, agent_id, feature, customer_id, environment,
                                  fingerprint)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[], $6::text[],
                                 $7::text[], $8::text[], $9::text[], $10::text[])
            ON CONFLICT DO NOTHING
            RETURNING outcome_id""";

    private static final String ROLLUP = """
            INSERT INTO outcome_hourly (hour, type, team_id, agent_id, feature, customer_id, environment, count)
            SELECT date_trunc('hour', ts), type, team_id, coalesce(agent_id, ''), coalesce(feature, ''),
                   coalesce(customer_id, ''), coalesce(environment, ''), sum(count)
            FROM outcomes WHERE team_id = $1 AND outcome_id = ANY($2)
            GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
            ON CONFLICT (hour, type, team_id, agent_id, feature, customer_id, environment)
            DO UPDATE SET count = outcome_hourly.count + excluded.count""";

    private final Pool pool;

    public OutcomeRepository(Pool pool) {
        this.pool = pool;
    }

    /** Outcomes of one type per value of a dimension, in a range, with the report's filters. */
    public Uni<Map<String, Long>> counts(ReportQuery q, String type, Dimension groupBy) {
        Tuple params = Tuple.of(type, q.from().atOffset(ZoneOffset.UTC), q.to().atOffset(ZoneOffset.UTC));
        StringBuilder sql = new StringBuilder("SELECT ").append(groupBy.column())
                .append(", sum(count) FROM outcome_hourly WHERE type = $1 AND hour >= $2 AND hour < $3");
        q.filters().forEach((d, v) -> {
            params.addString(v);
            sql.append(" AND ").append(d.column()).append(" = $").append(params.size());
        });
        sql.append(" GROUP BY 1");
        return pool.preparedQuery(sql.toString()).execute(params).map(rows -> {
            Map<String, Long> out = new HashMap<>();
            rows.forEach(r -> out.put(r.getString(0), r.getLong(1)));
            return out;
        });
    }

    /** Stores the outcomes not seen before; answers the ids that were new. */
    public Uni<Set<String>> insert(SqlConnection conn, String team, List<Outcome> outcomes) {
        Tuple params = Tuple.tuple()
                .addArrayOfString(outcomes.stream().map(o -> team).toArray(String[]::new))
                .addArrayOfString(outcomes.stream().map(Outcome::outcomeId).toArray(String[]::new))
                .addArrayOfString(outcomes.stream().map(Outcome::type).toArray(String[]::new))
                .addArrayOfLong(outcomes.stream().map(Outcome::count).toArray(Long[]::new))
                .addArrayOfOffsetDateTime(outcomes.stream().map(o -> o.timestamp().atOffset(ZoneOffset.UTC))
                        .toArray(OffsetDateTime[]::new))
                .addArrayOfString(outcomes.stream().map(Outcome::agentId).toArray(String[]::new))
                .addArrayOfString(outcomes.stream().map(Outcome::feature).toArray(String[]::new))
                .addArrayOfString(outcomes.stream().map(Outcome::customerId).toArray(String[]::new))
                .addArrayOfString(outcomes.stream().map(Outcome::environment).toArray(String[]::new))
                .addArrayOfString(outcomes.stream().map(Outcome::fingerprint).toArray(String[]::new));
        return conn.preparedQuery(INSERT).execute(params).map(rows -> {
            Set<String> fresh = new HashSet<>();
            rows.forEach(r -> fresh.add(r.getString(0)));
            return fresh;
        });
    }

    public Uni<Void> addToRollup(SqlConnection conn, String team, Set<String> outcomeIds) {
        if (outcomeIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(ROLLUP).execute(Tuple.of(team, outcomeIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** The fingerprints stored for these ids, to tell replays from conflicting reuse. */
    public Uni<Map<String, String>> fingerprints(SqlConnection conn, String team, Set<String> outcomeIds) {
        if (outcomeIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return conn.preparedQuery("SELECT outcome_id, fingerprint FROM outcomes WHERE team_id = $1 AND outcome_id = ANY($2)")
                .execute(Tuple.of(team, outcomeIds.toArray(String[]::new))).map(rows -> {
                    Map<String, String> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString(0), r.getString(1));
                    }
                    return out;
                });
    }
}

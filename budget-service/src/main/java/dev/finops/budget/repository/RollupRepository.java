package dev.finops.budget.repository;

import static dev.finops.budget.repository.SpendRepository.utc;

import dev.finops.budget.BudgetScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Spend per 15-minute bucket and attribution ('' = absent), the source for backfilling a new budget. */
@ApplicationScoped
public class RollupRepository {

    /** One bucket's share of a page; sorted by the caller. */
    public record RollupDelta(Instant bucket, String team, String agent, String customer, String feature,
                              String environment, String model, BigDecimal amount) {
    }

    public record BucketSpend(Instant bucket, BigDecimal spent) {
    }

    public Uni<Void> add(SqlClient sql, List<RollupDelta> deltas) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("""
                        INSERT INTO spend_rollup AS r (bucket, team, agent, customer, feature, environment, model, spent_usd)
                        SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                             $7::text[], $8::text[]::numeric[])
                        ON CONFLICT (bucket, team, agent, customer, feature, environment, model)
                        DO UPDATE SET spent_usd = r.spent_usd + excluded.spent_usd""")
                .execute(Tuple.tuple(List.of(
                        deltas.stream().map(d -> utc(d.bucket())).toArray(java.time.OffsetDateTime[]::new),
                        deltas.stream().map(RollupDelta::team).toArray(String[]::new),
                        deltas.stream().map(RollupDelta::agent).toArray(String[]::new),
                        deltas.stream().map(RollupDelta::customer).toArray(String[]::new),
                        deltas.stream().map(RollupDelta::feature).toArray(String[]::new),
                        deltas.stream().map(RollupDelta::environment).toArray(String[]::new),
                        deltas.stream().map(RollupDelta::model).toArray(String[]::new),
                        deltas.stream().map(d -> d.amount().toPlainString()).toArray(String[]::new))))
                .replaceWithVoid();
    }

    /** Spend per bucket in {@code [from, to)} covered by the scope (a scope dimension of null matches any value). */
    public Uni<List<BucketSpend>> covered(SqlClient sql, BudgetScope s, Instant from, Instant to) {
        return sql.preparedQuery("""
                        SELECT bucket, sum(spent_usd)::text AS spent FROM spend_rollup
                        WHERE bucket >= $1 AND bucket < $2
                          AND ($3::text IS NULL OR team = $3) AND ($4::text IS NULL OR agent = $4)
                          AND ($5::text IS NULL OR customer = $5) AND ($6::text IS NULL OR feature = $6)
                          AND ($7::text IS NULL OR environment = $7) AND ($8::text IS NULL OR model = $8)
                        GROUP BY bucket ORDER BY bucket""")
                .execute(Tuple.tuple(Arrays.asList(utc(from), utc(to), s.team(), s.agent(), s.customer(), s.feature(),
                        s.environment(), s.model())))
                .map(rows -> {
                    List<BucketSpend> spends = new ArrayList<>();
                    for (Row r : rows) {
                        spends.add(new BucketSpend(r.getOffsetDateTime("bucket").toInstant(), new BigDecimal(r.getString("spent"))));
                    }
                    return spends;
                });
    }

    /** Drops buckets no period can reach any more (the longest period is a month). */
    public Uni<Integer> prune(SqlClient sql, Instant before) {
        return sql.preparedQuery("DELETE FROM spend_rollup WHERE bucket < $1").execute(Tuple.of(utc(before)))
                .map(rows -> rows.rowCount());
    }
}

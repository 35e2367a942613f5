package dev.finops.ingest.report;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams rollup rows through a server-side cursor, a page of {@link #FETCH} rows at a time, so
 * an export of any size never sits in memory.
 */
@ApplicationScoped
public class ExportRepository {

    static final int FETCH = 1000;

    /** Export columns, in their stable order. */
    public static final String[] COLUMNS = {"period_start", "team_id", "agent_id", "feature", "environment",
        "customer_id", "provider", "model", "calls", "error_calls", "unpriced_calls", "input_tokens",
        "cached_input_tokens", "cache_write_input_tokens", "output_tokens", "reasoning_tokens", "cost_usd",
        "provisional_usd"};

    private static final String DIMENSIONS = "team_id, agent_id, feature, environment, customer_id, provider, model";
    private static final String SUMS = """
            sum(events) AS calls, sum(error_events) AS error_calls, sum(unpriced_events) AS unpriced_calls,
            sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens,
            sum(cache_write_input_tokens) AS cache_write_input_tokens, sum(output_tokens) AS output_tokens,
            sum(reasoning_tokens) AS reasoning_tokens, sum(cost_usd)::text AS cost_usd,
            sum(provisional_usd)::text AS provisional_usd""";

    private final Pool pool;

    public ExportRepository(Pool pool) {
        this.pool = pool;
    }

    /** One row per period (hour or UTC day) and combination of dimensions, ordered by period then dimensions. */
    public Multi<Row> rows(ReportQuery q, boolean daily) {
        String period = daily ? "date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'" : "hour";
        Tuple params = Tuple.of(q.from().atOffset(ZoneOffset.UTC), q.to().atOffset(ZoneOffset.UTC));
        StringBuilder sql = new StringBuilder("SELECT ").append(period).append(" AS period_start, ").append(DIMENSIONS)
                .append(", ").append(SUMS).append(" FROM usage_hourly WHERE hour >= $1 AND hour < $2");
        q.filters().forEach((d, v) -> {
            params.addString(v);
            sql.append(" AND ").append(d.column()).append(" = $").append(params.size());
        });
        sql.append(" GROUP BY 1, ").append(DIMENSIONS).append(" ORDER BY 1, ").append(DIMENSIONS);
        AtomicReference<Transaction> tx = new AtomicReference<>();
        return Multi.createFrom().resourceFromUni(pool::getConnection, conn -> cursor(conn, tx, sql.toString(), params))
                .withFinalizer((java.util.function.Function<SqlConnection, Uni<Void>>) conn -> finish(conn, tx.get()));
    }

    private static Multi<Row> cursor(SqlConnection conn, AtomicReference<Transaction> tx, String sql, Tuple params) {
        return conn.begin().invoke(tx::set)
                .chain(() -> conn.prepare(sql))
                .onItem().transformToMulti(statement -> statement.createStream(FETCH, params).toMulti());
    }

    private static Uni<Void> finish(SqlConnection conn, Transaction tx) {
        Uni<Void> end = tx == null ? Uni.createFrom().voidItem() : tx.rollback().onFailure().recoverWithNull();
        return end.eventually(conn::close);
    }
}

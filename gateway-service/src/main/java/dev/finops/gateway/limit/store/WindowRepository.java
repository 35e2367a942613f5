package dev.finops.gateway.limit.store;

import dev.finops.gateway.limit.app.LimitScope;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code rate_limit_windows} table: per limit and minute (Postgres's clock, so every replica agrees on the
 * window), what all replicas claimed together. Plain SQL on the reactive client: claims are on the request path.
 */
@Startup  // its series exists from start-up
@ApplicationScoped
public class WindowRepository {

    /** A limit's window as one statement saw it: the totals claimed by all replicas, and Postgres's time. */
    public record Window(Instant start, long requestsClaimed, long tokensClaimed, Instant databaseNow) {
    }

    private static final String RETURNING =
            " RETURNING window_start, requests_claimed, tokens_claimed, now() AS db_now";

    private final Pool pool;
    /** Statements on the request path, so a test (or a dashboard) sees that unlimited calls cost none. */
    private final AtomicLong statements = new AtomicLong();

    public WindowRepository(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        FunctionCounter.builder("finops_gateway_ratelimit_window_queries_total", statements, AtomicLong::get)
                .description("Statements rate limiting ran on rate_limit_windows (claims, refusals, settles)")
                .register(registry);
    }

    /**
     * Adds {@code requests} and {@code tokens} to the current window if each asked amount keeps its total within its
     * limit (null = none); one round trip. Empty when they do not fit; then nothing was added.
     */
    public Uni<Optional<Window>> claim(LimitScope scope, String id, long requests, long tokens, Long requestLimit,
                                       Long tokenLimit) {
        statements.incrementAndGet();
        // the first claim of a window inserts it: the caller asks no more than the limits then
        return pool.preparedQuery("""
                        INSERT INTO rate_limit_windows AS w (scope, subject_id, window_start, requests_claimed,
                            tokens_claimed)
                        VALUES ($1, $2, date_trunc('minute', now()), $3, $4)
                        ON CONFLICT (scope, subject_id, window_start) DO UPDATE
                        SET requests_claimed = w.requests_claimed + $3, tokens_claimed = w.tokens_claimed + $4
                        WHERE ($3 = 0 OR $5::bigint IS NULL OR w.requests_claimed + $3 <= $5)
                          AND ($4 = 0 OR $6::bigint IS NULL OR w.tokens_claimed + $4 <= $6)""" + RETURNING)
                .execute(Tuple.of(scope.wire(), id, requests, tokens, requestLimit, tokenLimit))
                .map(WindowRepository::first);
    }

    /** The current window's totals (0 when nobody claimed in it yet). */
    public Uni<Window> current(LimitScope scope, String id) {
        statements.incrementAndGet();
        return pool.preparedQuery("""
                        SELECT n.ws AS window_start, coalesce(w.requests_claimed, 0) AS requests_claimed,
                            coalesce(w.tokens_claimed, 0) AS tokens_claimed, n.db_now
                        FROM (SELECT date_trunc('minute', now()) AS ws, now() AS db_now) n
                        LEFT JOIN rate_limit_windows w
                            ON w.scope = $1 AND w.subject_id = $2 AND w.window_start = n.ws""")
                .execute(Tuple.of(scope.wire(), id))
                .map(rows -> first(rows).orElseThrow());
    }

    /** Tokens calls used beyond what they took: added whatever the limit, so later calls are refused sooner. */
    public Uni<Void> addTokens(LimitScope scope, String id, long tokens) {
        statements.incrementAndGet();
        return pool.preparedQuery("""
                        INSERT INTO rate_limit_windows AS w (scope, subject_id, window_start, requests_claimed,
                            tokens_claimed)
                        VALUES ($1, $2, date_trunc('minute', now()), 0, $3)
                        ON CONFLICT (scope, subject_id, window_start) DO UPDATE
                        SET tokens_claimed = w.tokens_claimed + $3""")
                .execute(Tuple.of(scope.wire(), id, tokens))
                .replaceWithVoid();
    }

    /** Windows that ended more than {@code minutes} ago serve nobody: deleted. */
    public Uni<Integer> purgeOlderThan(int minutes) {
        return pool.preparedQuery(
                        "DELETE FROM rate_limit_windows WHERE window_start < now() - $1 * interval '1 minute'")
                .execute(Tuple.of(minutes))
                .map(RowSet::rowCount);
    }

    /** Statements run on the request path so far. */
    public long statements() {
        return statements.get();
    }

    private static Optional<Window> first(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row r = rows.iterator().next();
        return Optional.of(new Window(r.getOffsetDateTime("window_start").toInstant(), r.getLong("requests_claimed"),
                r.getLong("tokens_claimed"), r.getOffsetDateTime("db_now").toInstant()));
    }
}

package dev.finops.gateway.limit.store;

import dev.finops.gateway.limit.app.LimitScope;
import dev.finops.gateway.limit.app.RateLimit;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The {@code rate_limits} table: the limit definitions (a few rows, read whole into every replica's memory). */
@ApplicationScoped
public class LimitRepository {

    private static final String COLUMNS =
            "scope, subject_id, requests_per_minute, tokens_per_minute, source, updated_at";

    private final Pool pool;

    public LimitRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<RateLimit>> all() {
        return pool.query("SELECT " + COLUMNS + " FROM rate_limits ORDER BY scope, subject_id").execute()
                .map(rows -> {
                    List<RateLimit> all = new ArrayList<>(rows.size());
                    rows.forEach(r -> all.add(limit(r)));
                    return all;
                });
    }

    public Uni<RateLimit> find(LimitScope scope, String id) {
        return find(pool, scope, id);
    }

    public Uni<RateLimit> find(SqlClient sql, LimitScope scope, String id) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM rate_limits WHERE scope = $1 AND subject_id = $2")
                .execute(Tuple.of(scope.wire(), id))
                .map(rows -> rows.size() == 0 ? null : limit(rows.iterator().next()));
    }

    /** Creates or replaces the limit of one key, team or agent. */
    public Uni<RateLimit> save(SqlClient sql, LimitScope scope, String id, Long requestsPerMinute,
                               Long tokensPerMinute, String source) {
        return sql.preparedQuery("""
                        INSERT INTO rate_limits (scope, subject_id, requests_per_minute, tokens_per_minute, source)
                        VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (scope, subject_id) DO UPDATE
                        SET requests_per_minute = excluded.requests_per_minute,
                            tokens_per_minute = excluded.tokens_per_minute, source = excluded.source, updated_at = now()
                        RETURNING\s""" + COLUMNS)
                .execute(Tuple.of(scope.wire(), id, requestsPerMinute, tokensPerMinute, source))
                .map(rows -> limit(rows.iterator().next()));
    }

    /** Answers whether there was one. */
    public Uni<Boolean> delete(SqlClient sql, LimitScope scope, String id) {
        return sql.preparedQuery("DELETE FROM rate_limits WHERE scope = $1 AND subject_id = $2")
                .execute(Tuple.of(scope.wire(), id))
                .map(rows -> rows.rowCount() > 0);
    }

    private static RateLimit limit(Row r) {
        return new RateLimit(LimitScope.parse(r.getString("scope")), r.getString("subject_id"),
                r.getLong("requests_per_minute"), r.getLong("tokens_per_minute"), r.getString("source"),
                r.getOffsetDateTime("updated_at").toInstant());
    }
}

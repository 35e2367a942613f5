package dev.finops.pricing.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * One counter per kind of configuration (rates, aliases, policies). A writer bumps its kind first in its
 * transaction: the row lock serialises writers of that kind until commit, which is what keeps rate
 * versions committing in sequence order (see docs/decisions/0006).
 */
@ApplicationScoped
public class RevisionRepository {

    public static final String RATES = "rates";
    public static final String ALIASES = "aliases";
    public static final String POLICIES = "policies";

    private final Pool pool;

    public RevisionRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Long> bump(SqlConnection conn, String kind) {
        return conn.preparedQuery("UPDATE revisions SET revision = revision + 1 WHERE kind = $1 RETURNING revision")
                .execute(Tuple.of(kind)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Every kind's revision, in one cheap query: what replicas poll. */
    public Uni<Map<String, Long>> all() {
        return pool.query("SELECT kind, revision FROM revisions").execute().map(rows -> {
            Map<String, Long> revisions = new HashMap<>();
            rows.forEach(row -> revisions.put(row.getString("kind"), row.getLong("revision")));
            return revisions;
        });
    }
}

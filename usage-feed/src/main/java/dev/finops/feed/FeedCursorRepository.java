package dev.finops.feed;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Usage-feed cursors. Advancing is a compare-and-set, so a consumer working from a stale cursor changes nothing. */
@ApplicationScoped
public class FeedCursorRepository {

    /** The consumer's cursor; a new consumer starts at the beginning of the feed. */
    public Uni<String> get(SqlClient sql, String consumer) {
        return sql.preparedQuery("SELECT cursor FROM feed_cursors WHERE consumer = $1").execute(Tuple.of(consumer))
                .flatMap(rows -> rows.iterator().hasNext() ? Uni.createFrom().item(rows.iterator().next().getString("cursor"))
                        : sql.preparedQuery("INSERT INTO feed_cursors (consumer, cursor) VALUES ($1, '')"
                                + " ON CONFLICT (consumer) DO NOTHING").execute(Tuple.of(consumer)).flatMap(x -> get(sql, consumer)));
    }

    /** Moves the cursor from {@code expected} to {@code next}; false when another consumer moved it first. */
    public Uni<Boolean> advance(SqlClient sql, String consumer, String expected, String next, int events) {
        return sql.preparedQuery("UPDATE feed_cursors SET cursor = $3, events = events + $4, updated_at = now()"
                        + " WHERE consumer = $1 AND cursor = $2")
                .execute(Tuple.of(consumer, expected, next, events)).map(rows -> rows.rowCount() == 1);
    }
}

package dev.finops.feed;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;

/**
 * Reads ingest's usage feed and hands each page to a {@link BatchHandler} inside the transaction that also
 * advances the cursor, so a crash between (or inside) pages never loses or repeats an event. Of all
 * instances sharing a consumer name only the holder of a Postgres advisory lock, taken on a dedicated
 * connection, reads; when that connection dies the lock is freed and another instance takes over.
 * The cursor compare-and-set makes a second active consumer harmless even if locking were bypassed.
 * Not a CDI bean: anything that derives state from the feed can own one (see docs/decisions/0008).
 */
public class FeedConsumer {

    /** Applies one page inside the consumer's transaction; everything it writes commits with the cursor. */
    @FunctionalInterface
    public interface BatchHandler {
        Uni<Void> apply(SqlConnection tx, List<FeedEntry> entries);
    }

    /** What one drain did: pages and events applied, whether this instance holds the lock, the last entry applied. */
    public record Drained(boolean leader, int pages, int events, FeedEntry last) {
        Drained(boolean leader, int pages, int events) {
            this(leader, pages, events, null);
        }
    }

    /** Raised inside a page's transaction when the stored cursor is not the one the page was read after. */
    static final class CursorMovedException extends RuntimeException {
        CursorMovedException(String consumer) {
            super("cursor of consumer '" + consumer + "' was moved by another instance");
        }
    }

    private final Pool pool;
    private final UsageFeedClient feed;
    private final FeedCursorRepository cursors;
    private final String consumer;
    private final int batchSize;
    private final String authorization;
    private final BatchHandler handler;
    private volatile SqlConnection lockConnection;

    public FeedConsumer(Pool pool, UsageFeedClient feed, FeedCursorRepository cursors, String consumer, int batchSize,
                        String authorization, BatchHandler handler) {
        this.pool = pool;
        this.feed = feed;
        this.cursors = cursors;
        this.consumer = consumer;
        this.batchSize = batchSize;
        this.authorization = authorization;
        this.handler = handler;
    }

    /** Applies up to {@code maxPages} pages if this instance is (or becomes) the leader. */
    public Uni<Drained> drain(int maxPages) {
        return leader().flatMap(leader -> leader ? pages(maxPages, 0, 0, null) : Uni.createFrom().item(new Drained(false, 0, 0)));
    }

    /** Gives up leadership as a dying replica would: the lock goes with the session (pooled: unlocked first). */
    public Uni<Void> abandon() {
        SqlConnection c = lockConnection;
        lockConnection = null;
        if (c == null) {
            return Uni.createFrom().voidItem();
        }
        return c.query("SELECT pg_advisory_unlock_all()").execute().replaceWithVoid().onFailure().recoverWithNull()
                .call(c::close).onFailure().recoverWithNull();
    }

    private Uni<Drained> pages(int remaining, int pages, int events, FeedEntry last) {
        if (remaining == 0) {
            return Uni.createFrom().item(new Drained(true, pages, events, last));
        }
        return cursors.get(pool, consumer)
                .flatMap(after -> feed.read(after, batchSize, authorization).flatMap(page -> apply(after, page)))
                .flatMap(page -> {
                    if (page.events().isEmpty()) {
                        return Uni.createFrom().item(new Drained(true, pages, events, last));
                    }
                    FeedEntry newest = page.events().get(page.events().size() - 1);
                    int total = events + page.events().size();
                    return page.hasMore() ? pages(remaining - 1, pages + 1, total, newest)
                            : Uni.createFrom().item(new Drained(true, pages + 1, total, newest));
                });
    }

    private Uni<FeedPage> apply(String after, FeedPage page) {
        if (page.events().isEmpty()) {
            return Uni.createFrom().item(page);
        }
        return pool.withTransaction(tx -> cursors.advance(tx, consumer, after, page.nextCursor(), page.events().size())
                .flatMap(moved -> {
                    if (!moved) {
                        throw new CursorMovedException(consumer);
                    }
                    return handler.apply(tx, page.events());
                })).replaceWith(page);
    }

    private Uni<Boolean> leader() {
        if (lockConnection != null) {
            return lockConnection.query("SELECT 1").execute().map(r -> true)
                    .onFailure().recoverWithUni(e -> {
                        Log.warnf("feed consumer '%s' lost its lock connection: %s", consumer, e.getMessage());
                        lockConnection = null;
                        return tryLock();
                    });
        }
        return tryLock();
    }

    private Uni<Boolean> tryLock() {
        return pool.getConnection().flatMap(c -> c.preparedQuery("SELECT pg_try_advisory_lock(hashtext($1)) AS locked")
                .execute(Tuple.of("feed-consumer:" + consumer))
                .map(rows -> rows.iterator().next().getBoolean("locked"))
                .call(locked -> locked ? Uni.createFrom().voidItem() : c.close())
                .invoke(locked -> {
                    if (locked) {
                        lockConnection = c;
                        Log.infof("feed consumer '%s' is now the active consumer", consumer);
                    }
                })
                .onFailure().call(c::close));
    }
}

package dev.finops.ingest.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** DDL of the day partitions of {@code usage_events} (UTC days, named {@code usage_events_pYYYYMMDD}). */
@ApplicationScoped
public class PartitionRepository {

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String PREFIX = "usage_events_p";

    private final Pool pool;

    public PartitionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Creates the partition of a day unless it exists; a concurrent creator winning the race is fine. */
    public Uni<Void> ensure(LocalDate day) {
        String sql = "CREATE TABLE IF NOT EXISTS " + name(day) + " PARTITION OF usage_events FOR VALUES FROM ('"
                + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')";
        return pool.query(sql).execute().replaceWithVoid()
                .onFailure().recoverWithUni(e -> exists(day).flatMap(exists -> exists
                        ? Uni.createFrom().voidItem() : Uni.createFrom().failure(e)));
    }

    public Uni<Boolean> exists(LocalDate day) {
        return pool.preparedQuery("SELECT to_regclass($1) IS NOT NULL").execute(Tuple.of(name(day)))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    public Uni<List<LocalDate>> days() {
        return pool.query("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'usage_events'::regclass ORDER BY 1""").execute().map(rows -> {
                    List<LocalDate> days = new ArrayList<>();
                    for (Row row : rows) {
                        String relname = row.getString(0);
                        if (relname.startsWith(PREFIX)) {
                            days.add(LocalDate.parse(relname.substring(PREFIX.length()), SUFFIX));
                        }
                    }
                    return days;
                });
    }

    public Uni<Void> drop(LocalDate day) {
        return pool.query("DROP TABLE IF EXISTS " + name(day)).execute().replaceWithVoid();
    }

    /** Forgets idempotency keys and run ids older than the raw events they belonged to. */
    public Uni<Void> pruneKeysBefore(LocalDate day) {
        Tuple before = Tuple.of(day.atStartOfDay(java.time.ZoneOffset.UTC).toOffsetDateTime());
        return pool.preparedQuery("DELETE FROM event_keys WHERE first_seen < $1").execute(before)
                .chain(() -> pool.preparedQuery("DELETE FROM agent_runs WHERE first_seen < $1").execute(before))
                .replaceWithVoid();
    }

    private static String name(LocalDate day) {
        return PREFIX + day.format(SUFFIX);
    }
}

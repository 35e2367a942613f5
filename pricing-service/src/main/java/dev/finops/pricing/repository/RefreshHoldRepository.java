package dev.finops.pricing.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.pricing.ValuationRate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Rate changes a refresh held back (a rate moved more than the allowed factor), one open hold per model. */
@ApplicationScoped
public class RefreshHoldRepository {

    /** A held change: the rate it would store, why it was held, and where and when it was read. */
    public record Hold(long id, String modelId, ValuationRate rate, String reason, String sourceUrl, Instant fetchedAt,
                       Instant heldAt) {
    }

    private final Pool pool;
    private final ObjectMapper json;

    public RefreshHoldRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** Holds a change, replacing the model's open hold (the newest fetch is the one to confirm). */
    public Uni<Void> hold(SqlConnection conn, ValuationRate rate, String reason, String url, Instant fetchedAt) {
        return conn.preparedQuery("""
                        UPDATE refresh_holds SET resolved_at = now(), resolved_by = 'superseded'
                        WHERE model_id = $1 AND resolved_at IS NULL""").execute(Tuple.of(rate.modelId()))
                .chain(() -> conn.preparedQuery("""
                        INSERT INTO refresh_holds (model_id, rate, reason, source_url, fetched_at)
                        VALUES ($1, $2::text::jsonb, $3, $4, $5)""")
                        .execute(Tuple.of(rate.modelId(), write(rate), reason, url, fetchedAt.atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    public Uni<List<Hold>> open() {
        return pool.query("SELECT id, model_id, rate::text AS rate, reason, source_url, fetched_at, held_at "
                + "FROM refresh_holds WHERE resolved_at IS NULL ORDER BY model_id").execute().map(this::all);
    }

    public Uni<Void> resolve(SqlConnection conn, long id, String by, Long version) {
        return conn.preparedQuery("UPDATE refresh_holds SET resolved_at = now(), resolved_by = $2, applied_version = $3 "
                + "WHERE id = $1").execute(Tuple.of(id, by, version)).replaceWithVoid();
    }

    private List<Hold> all(Iterable<Row> rows) {
        List<Hold> holds = new ArrayList<>();
        for (Row r : rows) {
            holds.add(new Hold(r.getLong("id"), r.getString("model_id"), read(r.getString("rate")), r.getString("reason"),
                    r.getString("source_url"), r.getOffsetDateTime("fetched_at").toInstant(),
                    r.getOffsetDateTime("held_at").toInstant()));
        }
        return holds;
    }

    private String write(ValuationRate rate) {
        try {
            return json.writeValueAsString(rate);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("held rate of " + rate.modelId() + " cannot be written", e);
        }
    }

    private ValuationRate read(String text) {
        try {
            return json.readValue(text, ValuationRate.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("held rate is unreadable: " + text, e);
        }
    }
}

package dev.finops.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.http.auth.TeamScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes and reads this service's audit trail ({@code audit_entries} in its own schema, migration
 * {@code db/audit}). Write it with the same {@link SqlClient} as the change, inside its transaction, so a change
 * and its entry commit together or not at all.
 */
@ApplicationScoped
public class AuditTrail {

    /** How a change is recorded: kind (budget, channel, key, rate, ...), action, target, owning team (null: org). */
    public record Change(String kind, String action, String target, String teamId, Object before, Object after) {
    }

    // text, then jsonb: a String bound to a jsonb parameter would be stored as one JSON string, not as the object
    private static final String INSERT = "INSERT INTO audit_entries (actor, actor_key_id, team_id, kind, action, "
            + "target, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb)";

    private final ObjectMapper json;
    private final String service;

    public AuditTrail(ObjectMapper json, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.json = json;
        this.service = service;
    }

    public Uni<Void> record(SqlClient tx, Actor actor, Change change) {
        return tx.preparedQuery(INSERT).execute(Tuple.from(new Object[] {actor.name(), actor.keyId(),
                change.teamId(), change.kind(), change.action(), change.target(), text(change.before()),
                text(change.after())})).replaceWithVoid();
    }

    /** Newest first; a team scope sees only its team's entries. Null filters match everything. */
    public Uni<List<AuditEntry>> list(SqlClient sql, TeamScope scope, Instant since, String kind, String actor,
                                      int limit) {
        String query = "SELECT id, at, actor, actor_key_id, team_id, kind, action, target, before::text, after::text "
                + "FROM audit_entries WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::text IS NULL OR kind = $2) "
                + "AND ($3::text IS NULL OR actor = $3 OR actor_key_id = $3) AND ($4::text IS NULL OR team_id = $4) "
                + "ORDER BY at DESC, id DESC LIMIT $5";
        Tuple params = Tuple.from(new Object[] {since == null ? null : since.atOffset(ZoneOffset.UTC), kind, actor,
                scope.team().orElse(null), limit});
        return sql.preparedQuery(query).execute(params).map(rows -> {
            List<AuditEntry> entries = new ArrayList<>();
            for (Row r : rows) {
                entries.add(new AuditEntry(r.getLong("id"), service, r.getOffsetDateTime("at").toInstant(),
                        r.getString("actor"), r.getString("actor_key_id"), r.getString("team_id"), r.getString("kind"),
                        r.getString("action"), r.getString("target"), node(r.getString(8)), node(r.getString(9))));
            }
            return entries;
        });
    }

    private String text(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return value instanceof JsonNode node ? node.toString() : json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("an audited object cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private JsonNode node(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("audit_entries holds a value that is not JSON", e);
        }
    }
}

package dev.finops.budget.repository;

import dev.finops.budget.Alert;
import dev.finops.budget.AlertChannel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Alert channels; the secret column holds ciphertext, opened by the caller-supplied function. */
@ApplicationScoped
public class ChannelRepository {

    private static final String COLUMNS = "id, name, team_id, type, url, secret, email_to, min_severity_rank, alert_types,"
            + " scope_teams, enabled, disabled_reason, created_at";

    public Uni<Void> insert(SqlClient sql, AlertChannel c, String sealedSecret) {
        return sql.preparedQuery("INSERT INTO alert_channels (id, name, type, url, secret, email_to, min_severity_rank,"
                        + " alert_types, enabled, team_id, scope_teams) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .execute(values(c, sealedSecret))
                .replaceWithVoid();
    }

    /** Replaces a channel (secret included) and clears a disabled reason; false when there is no such channel. */
    public Uni<Boolean> update(SqlClient sql, AlertChannel c, String sealedSecret) {
        return sql.preparedQuery("UPDATE alert_channels SET name = $2, type = $3, url = $4, secret = $5, email_to = $6,"
                        + " min_severity_rank = $7, alert_types = $8, enabled = $9, team_id = $10, scope_teams = $11,"
                        + " disabled_reason = NULL WHERE id = $1")
                .execute(values(c, sealedSecret))
                .map(rows -> rows.rowCount() == 1);
    }

    private static Tuple values(AlertChannel c, String sealedSecret) {
        return Tuple.tuple(Arrays.asList(c.id(), c.name(), c.type().name(), c.url(), sealedSecret, c.emailTo(),
                c.minSeverity().rank(), c.alertTypes() == null ? null : c.alertTypes().toArray(String[]::new),
                c.enabled(), c.teamId(), c.scopeTeams()));
    }

    public Uni<Optional<AlertChannel>> find(SqlClient sql, UUID id, UnaryOperator<String> open) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM alert_channels WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> all(rows, open).stream().findFirst());
    }

    public Uni<List<AlertChannel>> list(SqlClient sql, UnaryOperator<String> open) {
        return sql.query("SELECT " + COLUMNS + " FROM alert_channels ORDER BY name").execute().map(rows -> all(rows, open));
    }

    /** The channels of one team (null: of the org). */
    public Uni<List<AlertChannel>> listOwnedBy(SqlClient sql, String teamId, UnaryOperator<String> open) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM alert_channels WHERE team_id IS NOT DISTINCT FROM $1"
                + " ORDER BY name").execute(Tuple.of(teamId)).map(rows -> all(rows, open));
    }

    public Uni<Boolean> delete(SqlClient sql, UUID id) {
        return sql.preparedQuery("DELETE FROM alert_channels WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Turns a channel off (e.g. its receiver answered 410 Gone) and says why. */
    public Uni<Void> disable(SqlClient sql, UUID id, String reason) {
        return sql.preparedQuery("UPDATE alert_channels SET enabled = false, disabled_reason = $2 WHERE id = $1")
                .execute(Tuple.of(id, reason)).replaceWithVoid();
    }

    private static List<AlertChannel> all(RowSet<Row> rows, UnaryOperator<String> open) {
        List<AlertChannel> channels = new ArrayList<>();
        rows.forEach(r -> channels.add(map(r, open)));
        return channels;
    }

    static AlertChannel map(Row r, UnaryOperator<String> open) {
        String[] types = r.getArrayOfStrings("alert_types");
        return new AlertChannel(r.getUUID("id"), r.getString("name"), r.getString("team_id"),
                AlertChannel.Type.parse(r.getString("type")), r.getString("url"), open.apply(r.getString("secret")),
                r.getString("email_to"), Alert.Severity.values()[r.getInteger("min_severity_rank") - 1],
                types == null ? null : List.of(types), AlertChannel.scopesOf(r.getArrayOfStrings("scope_teams")),
                r.getBoolean("enabled"), r.getString("disabled_reason"), r.getOffsetDateTime("created_at").toInstant());
    }
}

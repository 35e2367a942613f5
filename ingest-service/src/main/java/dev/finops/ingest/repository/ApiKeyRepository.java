package dev.finops.ingest.repository;

import dev.finops.http.auth.Role;
import dev.finops.ingest.ApiKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The keys table; roles are stored by their wire name ({@link Role#wire()}). */
@ApplicationScoped
public class ApiKeyRepository {

    private static final String COLUMNS = "id, name, role, team_id, managed, created_at, revoked_at";

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<ApiKey> insert(SqlClient tx, String id, String name, Role role, String teamId, String keyHash) {
        return tx.preparedQuery("INSERT INTO api_keys (id, name, role, team_id, key_hash) VALUES ($1, $2, $3, $4, $5)"
                        + " RETURNING " + COLUMNS)
                .execute(Tuple.of(id, name, role.wire(), teamId, keyHash)).map(rows -> map(rows.iterator().next()));
    }

    /** Registers (or re-keys) a key that configuration owns, identified by its name. */
    public Uni<Void> upsertManaged(String id, String name, Role role, String keyHash) {
        return pool.preparedQuery("""
                INSERT INTO api_keys (id, name, role, key_hash, managed) VALUES ($1, $2, $3, $4, true)
                ON CONFLICT (name) WHERE managed
                DO UPDATE SET key_hash = excluded.key_hash, role = excluded.role, revoked_at = NULL""")
                .execute(Tuple.of(id, name, role.wire(), keyHash)).replaceWithVoid();
    }

    public Uni<Optional<ApiKey>> findActiveByHash(String keyHash) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(keyHash)).map(ApiKeyRepository::first);
    }

    /** Every key, or only those of one team (null: all). */
    public Uni<List<ApiKey>> list(String teamId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE ($1::text IS NULL OR team_id = $1)"
                + " ORDER BY created_at, id").execute(Tuple.of(teamId)).map(rows -> {
                    List<ApiKey> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(map(row)));
                    return keys;
                });
    }

    /** The key as it is, locked until the transaction ends. */
    public Uni<Optional<ApiKey>> findForUpdate(SqlClient tx, String id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id)).map(ApiKeyRepository::first);
    }

    /** Revokes a key; answers the key as it is now. */
    public Uni<ApiKey> revoke(SqlClient tx, String id) {
        return tx.preparedQuery("UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1"
                + " RETURNING " + COLUMNS).execute(Tuple.of(id)).map(rows -> map(rows.iterator().next()));
    }

    private static Optional<ApiKey> first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Optional.of(map(rows.iterator().next())) : Optional.empty();
    }

    private static ApiKey map(Row row) {
        OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
        return new ApiKey(row.getString("id"), row.getString("name"), Role.parse(row.getString("role")),
                row.getString("team_id"), row.getBoolean("managed"), row.getOffsetDateTime("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}

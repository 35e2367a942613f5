package dev.finops.cache.repository;

import dev.finops.cache.CacheSharing;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;

/** Which teams' entries of a namespace other teams may read (cache_sharing; the lookup reads it in its own SQL). */
@ApplicationScoped
public class SharingRepository {

    private static final String SELECT = "SELECT namespace, owner_team, teams, all_teams, updated_at FROM cache_sharing";

    private final Pool pool;

    public SharingRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Sharings of one namespace (null: all), visible to {@code team} (null: every one; else those it owns or receives).
     */
    public Uni<List<CacheSharing>> list(String namespace, String team) {
        return pool.preparedQuery(SELECT + " WHERE ($1::text IS NULL OR namespace = $1) AND ($2::text IS NULL "
                        + "OR owner_team = $2 OR all_teams OR $2 = ANY(teams)) ORDER BY namespace, owner_team")
                .execute(Tuple.of(namespace, team)).map(SharingRepository::sharings);
    }

    public Uni<CacheSharing> find(SqlClient sql, String namespace, String ownerTeam) {
        return sql.preparedQuery(SELECT + " WHERE namespace = $1 AND owner_team = $2")
                .execute(Tuple.of(namespace, ownerTeam))
                .map(rows -> rows.size() == 0 ? null : sharing(rows.iterator().next()));
    }

    public Uni<CacheSharing> save(SqlClient sql, String namespace, String ownerTeam, List<String> teams, boolean all) {
        return sql.preparedQuery("""
                        INSERT INTO cache_sharing (namespace, owner_team, teams, all_teams) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (namespace, owner_team) DO UPDATE SET teams = EXCLUDED.teams,
                            all_teams = EXCLUDED.all_teams, updated_at = now()
                        RETURNING namespace, owner_team, teams, all_teams, updated_at""")
                .execute(Tuple.of(namespace, ownerTeam, teams.toArray(String[]::new), all))
                .map(rows -> sharing(rows.iterator().next()));
    }

    public Uni<Boolean> delete(SqlClient sql, String namespace, String ownerTeam) {
        return sql.preparedQuery("DELETE FROM cache_sharing WHERE namespace = $1 AND owner_team = $2")
                .execute(Tuple.of(namespace, ownerTeam)).map(r -> r.rowCount() > 0);
    }

    private static List<CacheSharing> sharings(RowSet<Row> rows) {
        List<CacheSharing> list = new ArrayList<>();
        rows.forEach(r -> list.add(sharing(r)));
        return list;
    }

    private static CacheSharing sharing(Row r) {
        return new CacheSharing(r.getString("namespace"), r.getString("owner_team"),
                Arrays.asList(r.getArrayOfStrings("teams")), r.getBoolean("all_teams"),
                r.getOffsetDateTime("updated_at").toInstant());
    }
}

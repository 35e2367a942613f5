package dev.finops.anomaly.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The team each agent and feature reports usage for, learnt from the feed: one team while every event named it,
 * shared (the org's) from the first event of a second team on.
 */
@ApplicationScoped
public class SubjectTeamRepository {

    /** What one feed page says of a subject: the one team it reported for, or shared when it named two. */
    public record SubjectTeam(String scope, String scopeId, String teamId, boolean shared) {
    }

    /** What is known of an agent: its team, or shared (team null). */
    public record Known(String teamId, boolean shared) {
    }

    public Uni<Void> record(SqlClient sql, List<SubjectTeam> seen) {
        if (seen.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("""
                        INSERT INTO subject_teams AS s (scope, scope_id, team_id, shared)
                        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[])
                        ON CONFLICT (scope, scope_id) DO UPDATE SET shared = true, team_id = NULL
                        WHERE NOT s.shared AND (excluded.shared OR s.team_id IS DISTINCT FROM excluded.team_id)""")
                .execute(Tuple.of(seen.stream().map(SubjectTeam::scope).toArray(String[]::new),
                        seen.stream().map(SubjectTeam::scopeId).toArray(String[]::new),
                        seen.stream().map(s -> s.shared() ? null : s.teamId()).toArray(String[]::new),
                        seen.stream().map(SubjectTeam::shared).toArray(Boolean[]::new)))
                .replaceWithVoid();
    }

    public Uni<Optional<Known>> agent(SqlClient sql, String agentId) {
        return sql.preparedQuery("SELECT team_id, shared FROM subject_teams WHERE scope = 'agent' AND scope_id = $1")
                .execute(Tuple.of(agentId)).map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(
                        new Known(rows.iterator().next().getString("team_id"),
                                rows.iterator().next().getBoolean("shared"))));
    }
}

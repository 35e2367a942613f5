package dev.finops.budget.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tokens used per budget and run, for per-run ceilings. */
@ApplicationScoped
public class RunTokenRepository {

    public record RunDelta(UUID budgetId, String runId, long tokens) {
    }

    /** Adds tokens; rows sorted by the caller so concurrent writers lock in one order. */
    public Uni<Void> add(SqlClient sql, List<RunDelta> deltas) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("""
                        INSERT INTO run_tokens AS t (budget_id, run_id, tokens)
                        SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[])
                        ON CONFLICT (budget_id, run_id) DO UPDATE SET tokens = t.tokens + excluded.tokens, updated_at = now()""")
                .execute(Tuple.of(deltas.stream().map(RunDelta::budgetId).toArray(UUID[]::new),
                        deltas.stream().map(RunDelta::runId).toArray(String[]::new),
                        deltas.stream().map(RunDelta::tokens).toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** Tokens the run has used in each of the given budgets (absent = none yet). */
    public Uni<Map<UUID, Long>> used(SqlClient sql, List<UUID> budgetIds, String runId) {
        return sql.preparedQuery("SELECT budget_id, tokens FROM run_tokens WHERE budget_id = ANY($1) AND run_id = $2")
                .execute(Tuple.of(budgetIds.toArray(UUID[]::new), runId))
                .map(rows -> {
                    Map<UUID, Long> used = new HashMap<>();
                    for (Row r : rows) {
                        used.put(r.getUUID("budget_id"), r.getLong("tokens"));
                    }
                    return used;
                });
    }
}

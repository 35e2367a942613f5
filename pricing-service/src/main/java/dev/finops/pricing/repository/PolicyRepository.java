package dev.finops.pricing.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Routing policies as JSON documents, one per scope. */
@ApplicationScoped
public class PolicyRepository {

    public record StoredPolicy(String scope, String scopeId, String json, Instant updatedAt) {
    }

    /** Every policy and the revision it belongs to, read in one statement (one snapshot). */
    public record PolicyTable(long revision, List<StoredPolicy> policies) {
    }

    private final Pool pool;

    public PolicyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> upsert(SqlConnection conn, String scope, String scopeId, String json) {
        return conn.preparedQuery("""
                INSERT INTO routing_policies (scope, scope_id, policy) VALUES ($1, $2, $3::text::jsonb)
                ON CONFLICT (scope, scope_id) DO UPDATE SET policy = excluded.policy, updated_at = now()""")
                .execute(Tuple.of(scope, scopeId, json)).replaceWithVoid();
    }

    /** The stored document of a scope's policy, read in the caller's transaction (for the audit trail's before). */
    public Uni<java.util.Optional<String>> find(SqlConnection conn, String scope, String scopeId) {
        return conn.preparedQuery("SELECT policy::text AS policy FROM routing_policies WHERE scope = $1 AND scope_id = $2")
                .execute(Tuple.of(scope, scopeId))
                .map(rows -> rows.rowCount() == 0 ? java.util.Optional.empty()
                        : java.util.Optional.of(rows.iterator().next().getString("policy")));
    }

    public Uni<Boolean> delete(SqlConnection conn, String scope, String scopeId) {
        return conn.preparedQuery("DELETE FROM routing_policies WHERE scope = $1 AND scope_id = $2")
                .execute(Tuple.of(scope, scopeId)).map(rows -> rows.rowCount() > 0);
    }

    public Uni<PolicyTable> table() {
        return pool.query("""
                SELECT r.revision, p.scope, p.scope_id, p.policy::text AS policy, p.updated_at
                FROM revisions r LEFT JOIN routing_policies p ON true WHERE r.kind = 'policies'""").execute()
                .map(rows -> {
                    long revision = 0;
                    List<StoredPolicy> policies = new ArrayList<>();
                    for (var row : rows) {
                        revision = row.getLong("revision");
                        if (row.getString("scope") != null) {
                            policies.add(new StoredPolicy(row.getString("scope"), row.getString("scope_id"),
                                    row.getString("policy"), row.getOffsetDateTime("updated_at").toInstant()));
                        }
                    }
                    return new PolicyTable(revision, policies);
                });
    }
}

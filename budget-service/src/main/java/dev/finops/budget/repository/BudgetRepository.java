package dev.finops.budget.repository;

import dev.finops.budget.Budget;
import dev.finops.budget.BudgetScope;
import dev.finops.budget.PeriodKind;
import dev.finops.budget.service.BudgetDraft;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Budget definitions. Every method takes the client to run on, so callers choose the transaction. */
@ApplicationScoped
public class BudgetRepository {

    private static final String COLUMNS = """
            id, name, scope_team, scope_agent, scope_customer, scope_feature, scope_environment, scope_model, period,
            timezone, amount_usd::text AS amount, alert_at_percent::text[] AS alerts,
            hard_limit_percent::text AS hard_limit, max_tokens_per_run, enabled, created_at, updated_at""";

    private static final String VALUES = """
            $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::numeric, $12::text[]::numeric[], $13::text::numeric, $14, $15""";

    public Uni<Budget> insert(SqlClient sql, UUID id, BudgetDraft d) {
        return sql.preparedQuery("INSERT INTO budgets (id, name, scope_team, scope_agent, scope_customer, scope_feature,"
                        + " scope_environment, scope_model, period, timezone, amount_usd, alert_at_percent,"
                        + " hard_limit_percent, enabled, max_tokens_per_run) VALUES ($1, " + VALUES + ") RETURNING " + COLUMNS)
                .execute(tuple(id, d)).map(rows -> map(rows.iterator().next()));
    }

    public Uni<Optional<Budget>> update(SqlClient sql, UUID id, BudgetDraft d) {
        return sql.preparedQuery("""
                        UPDATE budgets SET name = $2, scope_team = $3, scope_agent = $4, scope_customer = $5,
                          scope_feature = $6, scope_environment = $7, scope_model = $8, period = $9, timezone = $10,
                          amount_usd = $11::text::numeric, alert_at_percent = $12::text[]::numeric[],
                          hard_limit_percent = $13::text::numeric, enabled = $14, max_tokens_per_run = $15,
                          updated_at = now()
                        WHERE id = $1 RETURNING\s""" + COLUMNS)
                .execute(tuple(id, d)).map(BudgetRepository::first);
    }

    public Uni<Optional<Budget>> find(SqlClient sql, UUID id) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM budgets WHERE id = $1").execute(Tuple.of(id))
                .map(BudgetRepository::first);
    }

    /** The budget of this name owned by the team (null: by the org); names are unique per owner. */
    public Uni<Optional<Budget>> findByName(SqlClient sql, String team, String name) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM budgets WHERE name = $1"
                        + " AND scope_team IS NOT DISTINCT FROM $2").execute(Tuple.of(name, team))
                .map(BudgetRepository::first);
    }

    public Uni<List<Budget>> list(SqlClient sql) {
        return sql.query("SELECT " + COLUMNS + " FROM budgets ORDER BY name").execute().map(BudgetRepository::all);
    }

    public Uni<List<Budget>> listEnabled(SqlClient sql) {
        return sql.query("SELECT " + COLUMNS + " FROM budgets WHERE enabled ORDER BY id").execute()
                .map(BudgetRepository::all);
    }

    /** The budgets with these ids that exist. */
    public Uni<List<Budget>> byIds(SqlClient sql, List<UUID> ids) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM budgets WHERE id = ANY ($1::uuid[])")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).map(BudgetRepository::all);
    }

    public Uni<Boolean> delete(SqlClient sql, UUID id) {
        return sql.preparedQuery("DELETE FROM budgets WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    private static Tuple tuple(UUID id, BudgetDraft d) {
        BudgetScope s = d.scope();
        return Tuple.tuple(Arrays.asList(id, d.name(), s.team(), s.agent(), s.customer(), s.feature(), s.environment(),
                s.model(), d.period().name(), d.timezone().getId(), d.amountUsd().toPlainString(),
                d.alertAtPercent().stream().map(BigDecimal::toPlainString).toArray(String[]::new),
                d.hardLimitPercent() == null ? null : d.hardLimitPercent().toPlainString(), d.enabled(),
                d.maxTokensPerRun()));
    }

    private static Optional<Budget> first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Optional.of(map(rows.iterator().next())) : Optional.empty();
    }

    private static List<Budget> all(RowSet<Row> rows) {
        List<Budget> budgets = new ArrayList<>(rows.size());
        rows.forEach(r -> budgets.add(map(r)));
        return budgets;
    }

    static Budget map(Row r) {
        String hard = r.getString("hard_limit");
        BudgetScope scope = new BudgetScope(r.getString("scope_team"), r.getString("scope_agent"),
                r.getString("scope_customer"), r.getString("scope_feature"), r.getString("scope_environment"),
                r.getString("scope_model"));
        List<BigDecimal> alerts = Arrays.stream(r.getArrayOfStrings("alerts")).map(BigDecimal::new).toList();
        return new Budget(r.getUUID("id"), r.getString("name"), scope, PeriodKind.parse(r.getString("period")),
                ZoneId.of(r.getString("timezone")), new BigDecimal(r.getString("amount")), alerts,
                hard == null ? null : new BigDecimal(hard), r.getLong("max_tokens_per_run"), r.getBoolean("enabled"),
                r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant());
    }
}

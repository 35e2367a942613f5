package dev.finops.budget.service;

import dev.finops.budget.Budget;
import dev.finops.budget.BudgetScope;
import dev.finops.budget.PeriodKind;
import dev.finops.http.auth.TeamScope;
import dev.finops.budget.repository.SpendRepository;
import dev.finops.http.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

@ApplicationScoped
public class BurnDownService {

    private final Pool pool;
    private final BudgetService budgets;
    private final SpendRepository spend;
    private final dev.finops.budget.repository.ProvisionalSpendRepository provisional;

    public BurnDownService(Pool pool, BudgetService budgets, SpendRepository spend,
                           dev.finops.budget.repository.ProvisionalSpendRepository provisional) {
        this.provisional = provisional;
        this.pool = pool;
        this.budgets = budgets;
        this.spend = spend;
    }

    /**
     * The given budget's burn-down; without one the org monthly budget's (preferring one named org-monthly), or for
     * a team (a team key's own, or {@code teamId}) that team's monthly budget scoped to the team alone.
     */
    public Uni<BurnDown> burnDown(UUID budgetId, TeamScope caller, String teamId, Instant now) {
        String team = caller.resolve("teamId", teamId);
        BudgetScope whole = team == null ? BudgetScope.ORG : BudgetScope.ORG.withTeam(team);
        Uni<Budget> budget = budgetId != null ? budgets.get(budgetId, caller) : budgets.list(caller, team)
                .map(all -> all.stream()
                        .filter(b -> b.enabled() && b.scope().equals(whole) && b.period() == PeriodKind.monthly)
                        .min(Comparator.comparing((Budget b) -> !b.name().equals("org-monthly")).thenComparing(Budget::name))
                        .orElseThrow(() -> new ProblemException(Response.Status.NOT_FOUND, team == null
                                ? "No enabled org-level monthly budget: pass ?budgetId= or create one (e.g. import drako monthly_usd)."
                                : "No enabled monthly budget of team '" + team + "' alone: pass ?budgetId= or create one.")));
        return budget.flatMap(b -> spend.days(pool, b.id(), BurnDown.firstDayNeeded(b, now),
                        b.periodAt(now).endDay())
                .map(days -> BurnDown.compute(b, days, now))
                .flatMap(d -> provisional.period(pool, b.id(), b.periodAt(now).start()).map(d::withProvisional)));
    }
}

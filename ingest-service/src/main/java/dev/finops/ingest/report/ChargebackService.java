package dev.finops.ingest.report;

import dev.finops.http.auth.AuthConfig;
import dev.finops.ingest.client.BudgetClient;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Chargeback for a calendar month (UTC): each team's spend against its monthly budget from
 * budget-service. Without budget-service the spend is still shown, budgets are null and a note says why.
 */
@ApplicationScoped
public class ChargebackService {

    public record TeamCharge(String teamId, BigDecimal spendUsd, BigDecimal budgetUsd, BigDecimal varianceUsd,
                             BigDecimal budgetUsedRatio) {
    }

    public record Chargeback(YearMonth month, BigDecimal totalSpendUsd, BigDecimal orgBudgetUsd, List<TeamCharge> teams,
                             String budgetNote) {
    }

    private final ReportRepository repository;
    private final BudgetClient budgets;
    private final String serviceAuthorization;

    public ChargebackService(ReportRepository repository, @RestClient BudgetClient budgets, AuthConfig auth) {
        this.repository = repository;
        this.budgets = budgets;
        this.serviceAuthorization = "Bearer " + auth.serviceKey().orElse("");
    }

    /**
     * The chargeback of every team, or of one ({@code team}); {@code showOrgBudget} is false for a team key, which
     * sees its own line and not the org's budget. Budgets are read org-wide with the service key and filtered here.
     */
    public Uni<Chargeback> chargeback(YearMonth month, String team, boolean showOrgBudget) {
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Uni<Optional<List<BudgetClient.Budget>>> monthly = budgets.list(serviceAuthorization)
                .map(all -> Optional.of(all.stream().filter(b -> "monthly".equals(b.period())
                        && !Boolean.FALSE.equals(b.enabled())).toList()))
                .onFailure().recoverWithItem(e -> {
                    Log.debugf("budget-service unavailable for chargeback: %s", e.getMessage());
                    return Optional.empty();
                });
        return Uni.combine().all()
                .unis(repository.sums(new ReportQuery(from, to, team == null ? Map.of() : Map.of(Dimension.team, team)),
                        List.of(Dimension.team), false), monthly)
                .asTuple().map(t -> {
                    Map<String, BigDecimal> teamBudgets = new HashMap<>();
                    BigDecimal org = null;
                    for (BudgetClient.Budget b : t.getItem2().orElse(List.of())) {
                        Map<String, String> scope = b.scope() == null ? Map.of() : b.scope();
                        if (scope.isEmpty()) {
                            org = org == null ? b.amountUsd() : org.add(b.amountUsd());
                        } else if (scope.size() == 1 && scope.containsKey("team")) {
                            teamBudgets.merge(scope.get("team"), b.amountUsd(), BigDecimal::add);
                        }
                    }
                    boolean known = t.getItem2().isPresent();
                    List<TeamCharge> teams = t.getItem1().stream().map(a -> {
                        BigDecimal budget = teamBudgets.get(a.key(Dimension.team));
                        return new TeamCharge(a.key(Dimension.team), a.costUsd(), budget,
                                budget == null ? null : budget.subtract(a.costUsd()),
                                budget == null ? null : SpendOutlookService.ratio(a.costUsd(), budget));
                    }).sorted((a, b) -> b.spendUsd().compareTo(a.spendUsd())).toList();
                    BigDecimal total = teams.stream().map(TeamCharge::spendUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
                    return new Chargeback(month, total, showOrgBudget ? org : null, teams,
                            known ? null : "budget-service is unreachable; budgets and variances are unknown right now");
                });
    }
}

package dev.finops.budget.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.finops.budget.Alert;
import dev.finops.budget.Budget;
import dev.finops.budget.BudgetPeriod;
import dev.finops.budget.BudgetScope;
import dev.finops.budget.PeriodKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When a budget alert's condition ends, and what its resolution says. */
class BudgetConditionEndTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NOW = Instant.parse("2026-11-15T10:00:00Z");
    private static final UUID ID = UUID.randomUUID();

    private static Budget budget(String amount, List<String> alerts, String hard, boolean enabled) {
        return new Budget(ID, "search-prod", new BudgetScope("search", null, null, null, "prod", null), PeriodKind.monthly,
                BERLIN, new BigDecimal(amount), alerts.stream().map(BigDecimal::new).toList(),
                hard == null ? null : new BigDecimal(hard), null, enabled, NOW, NOW);
    }

    private static Alert alert(String type, String percent, Instant inPeriod) {
        BudgetPeriod p = BudgetPeriod.containing(PeriodKind.monthly, BERLIN, inPeriod);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("budgetName", "search-prod");
        d.put("periodStart", p.start().toString());
        d.put("periodEnd", p.end().toString());
        d.put("thresholdPercent", percent);
        return new Alert(UUID.randomUUID(), "budget:" + ID + ":" + p.start() + ":" + percent, type, Alert.Severity.warning,
                "Budget 'search-prod' reached …", d, ID, null, "budget-service", NOW.minusSeconds(3600), Alert.Kind.condition,
                null, null);
    }

    private static Optional<String> end(Alert a, Budget b, String spent) {
        return BudgetConditionEnd.reason(a, b, new BigDecimal(spent), NOW);
    }

    @Test
    void aConditionHoldsWhileItsPeriodsSpendIsAtItsThreshold() {
        Budget b = budget("500", List.of("80", "100"), "120", true);
        assertEquals(Optional.empty(), end(alert("budget_threshold", "80", NOW), b, "400"));
        assertEquals(Optional.empty(), end(alert("budget_hard_limit", "120", NOW), b, "600.01"));
    }

    @Test
    void raisingTheBudgetOrItsHardLimitEndsIt() {
        Budget raised = budget("1000", List.of("80", "100"), "120", true);
        assertEquals(Optional.of("spent $400.5 is below 80% of $1000 now"),
                end(alert("budget_threshold", "80", NOW), raised, "400.500"));
        assertEquals(Optional.of("spent $700 is below the hard limit of $1200 now"),
                end(alert("budget_hard_limit", "120", NOW), raised, "700"));
    }

    @Test
    void removingTheThresholdOrTheHardLimitEndsIt() {
        Budget b = budget("500", List.of("100"), null, true);
        assertEquals(Optional.of("the 80% threshold was removed from the budget"),
                end(alert("budget_threshold", "80", NOW), b, "450"));
        assertEquals(Optional.of("the hard limit was removed"), end(alert("budget_hard_limit", "120", NOW), b, "700"));
    }

    @Test
    void aNewPeriodEndsTheLastPeriodsConditions() {
        Budget b = budget("500", List.of("80"), "120", true);
        Instant lastMonth = Instant.parse("2026-10-20T10:00:00Z");
        assertEquals(Optional.of("its monthly period ended with $612 spent"),
                end(alert("budget_hard_limit", "120", lastMonth), b, "612"));
    }

    @Test
    void disablingOrDeletingTheBudgetEndsIt() {
        assertEquals(Optional.of("the budget was disabled"),
                end(alert("budget_threshold", "80", NOW), budget("500", List.of("80"), null, false), "450"));
        assertEquals(Optional.of("the budget was deleted"), end(alert("budget_threshold", "80", NOW), null, "450"));
    }

    @Test
    void theResolutionNamesTheConditionItEndsAndWhy() {
        Alert condition = alert("budget_threshold", "80", NOW);
        Alert r = BudgetConditionEnd.of(condition, budget("1000", List.of("80"), null, true), new BigDecimal("450"), NOW)
                .orElseThrow();
        assertEquals(Alert.Kind.resolution, r.kind());
        assertEquals(condition.id(), r.resolves());
        assertEquals(condition.dedupKey() + ":resolved", r.dedupKey());
        assertEquals(condition.dedupKey(), r.conditionDedupKey());
        assertEquals("Resolved: budget 'search-prod' at 80%: spent $450 is below 80% of $1000 now", r.summary());
        assertEquals(NOW, r.createdAt());
        assertEquals(condition.createdAt().toString(), r.details().get("firingSince"));
        assertTrue(AlertmanagerAlerts.labels(r).equals(AlertmanagerAlerts.labels(condition)), "same Alertmanager labels");
    }
}

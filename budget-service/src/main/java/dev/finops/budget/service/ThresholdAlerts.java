package dev.finops.budget.service;

import dev.finops.budget.Alert;
import dev.finops.budget.Budget;
import dev.finops.budget.repository.AlertRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a period's spend into threshold alerts. The dedup key (budget, period start, threshold) is unique in
 * the database, so each threshold fires once per budget and period whatever the number of batches or replicas —
 * unless the budget was changed so the condition ended (AlertSweep), and spend then reaches it again in the same
 * period: that is a new condition (dedup key {@code …#2}).
 */
@ApplicationScoped
public class ThresholdAlerts {

    /** A budget period's spend before and after a batch. */
    public record Crossing(Budget budget, Instant periodStart, Instant periodEnd, BigDecimal before, BigDecimal after) {
    }

    private final AlertRepository alerts;
    private final AlertMetrics metrics;

    public ThresholdAlerts(AlertRepository alerts, AlertMetrics metrics) {
        this.alerts = alerts;
        this.metrics = metrics;
    }

    /**
     * Stores the conditions each crossing holds (those already stored are skipped) and delivers one alert per spend
     * update and budget period: the hard limit's if it is new (merged with the highest new threshold, when one fired
     * with it), else the highest new threshold's. The other new thresholds are recorded as crossed, coalesced into it.
     */
    public Uni<Void> record(SqlClient tx, List<Crossing> crossings) {
        Instant now = Instant.now();
        List<Alert> candidates = new ArrayList<>();
        List<Boolean> refire = new ArrayList<>();
        List<List<Alert>> groups = new ArrayList<>();
        for (Crossing c : crossings) {
            List<Alert> fired = alertsFor(c);
            candidates.addAll(fired);
            groups.add(fired);
            // a condition ended by a change of the budget may hold again in the same period, never in a past one
            fired.forEach(a -> refire.add(c.periodEnd().isAfter(now)));
        }
        return alerts.insertNew(tx, candidates, refire, false).flatMap(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (List<Alert> group : groups) {
                List<Alert> fresh = group.stream().filter(a -> ids.contains(a.id())).toList();
                fresh.forEach(a -> metrics.fired(a.type()));
                if (!fresh.isEmpty()) {
                    chain = chain.call(() -> deliverOne(tx, fresh));
                }
            }
            return chain;
        });
    }

    /** One delivery for the new alerts of one spend update of one budget period ({@code fresh}). */
    private Uni<Void> deliverOne(SqlClient tx, List<Alert> fresh) {
        Alert hard = fresh.stream().filter(a -> "budget_hard_limit".equals(a.type())).findFirst().orElse(null);
        List<Alert> thresholds = fresh.stream().filter(a -> a != hard).sorted(java.util.Comparator.comparing(
                a -> new BigDecimal(a.details().get("thresholdPercent").toString()))).toList();
        Alert top = thresholds.isEmpty() ? null : thresholds.get(thresholds.size() - 1);
        Alert delivered = hard != null ? hard : top;
        List<UUID> coalesced = fresh.stream().filter(a -> a != delivered).map(Alert::id).toList();
        Map<String, Object> more = new LinkedHashMap<>();
        more.put("thresholdsCrossed", thresholds.stream().map(a -> a.details().get("thresholdPercent")).toList());
        String summary = delivered.summary();
        List<String> alsoTypes = List.of();
        if (hard != null && top != null) {
            more.put("mergedThresholdPercent", top.details().get("thresholdPercent"));
            summary = top.summary() + "; " + andHardLimit(hard.summary());
            alsoTypes = List.of(top.type());
        }
        return alerts.deliver(tx, delivered.id(), summary, more, alsoTypes)
                .call(() -> alerts.coalesce(tx, coalesced, delivered.id()));
    }

    /** "and its hard limit of $…: calls are refused until …", from the hard-limit alert's summary. */
    private static String andHardLimit(String hardSummary) {
        return "and " + hardSummary.substring(hardSummary.indexOf("reached ") + "reached ".length());
    }

    static List<Alert> alertsFor(Crossing c) {
        Budget b = c.budget();
        List<Alert> fired = new ArrayList<>();
        for (BigDecimal percent : b.alertAtPercent()) {
            if (c.after().compareTo(b.percentOfAmount(percent)) >= 0) {
                Alert.Severity severity = percent.compareTo(BigDecimal.valueOf(100)) >= 0
                        ? Alert.Severity.critical : Alert.Severity.warning;
                fired.add(alert(c, "budget_threshold", severity, percent.toPlainString(),
                        "Budget '%s' reached %s%% of $%s (spent $%s this %s period)".formatted(b.name(),
                                percent.toPlainString(), b.amountUsd().toPlainString(), c.after().toPlainString(),
                                b.period().name()), percent));
            }
        }
        BigDecimal hard = b.hardLimitUsd();
        if (hard != null && c.after().compareTo(hard) >= 0) {
            fired.add(alert(c, "budget_hard_limit", Alert.Severity.critical, "hard",
                    "Budget '%s' reached its hard limit of $%s: calls are refused until %s".formatted(b.name(),
                            hard.toPlainString(), c.periodEnd()), b.hardLimitPercent()));
        }
        return fired;
    }

    private static Alert alert(Crossing c, String type, Alert.Severity severity, String threshold, String summary,
                               BigDecimal percent) {
        Budget b = c.budget();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("budgetId", b.id().toString());
        details.put("budgetName", b.name());
        details.put("scope", b.scope().isOrg() ? "org" : b.scope().asMap());
        details.put("period", b.period().name());
        details.put("periodStart", c.periodStart().toString());
        details.put("periodEnd", c.periodEnd().toString());
        details.put("thresholdPercent", percent.toPlainString());
        details.put("amountUsd", b.amountUsd().toPlainString());
        details.put("spentUsd", c.after().toPlainString());
        String key = "budget:" + b.id() + ":" + c.periodStart() + ":" + threshold;
        return Alert.condition(key, type, severity, summary, details, b.id(), b.scope().team(), "budget-service");
    }
}

package dev.finops.budget.service;

import dev.finops.budget.Alert;
import dev.finops.budget.repository.AlertRepository;
import dev.finops.feed.FeedEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code unpriced_usage} notice: a model without a rate was used (ingest valued it at a provisional rate), once
 * per model, team and UTC day (dedup key {@code unpriced:<team or org>:<model>:<day>}), routed by its team like
 * other alerts. A notice, so PagerDuty and Alertmanager do not get it: it has no end to resolve (pricing the model
 * re-values the spend; the budget's own thresholds page if the provisional money matters).
 */
@ApplicationScoped
public class UnpricedUsageAlerts {

    public static final String TYPE = "unpriced_usage";

    private final AlertRepository alerts;
    private final AlertMetrics metrics;

    public UnpricedUsageAlerts(AlertRepository alerts, AlertMetrics metrics) {
        this.alerts = alerts;
        this.metrics = metrics;
    }

    public Uni<Void> record(SqlClient tx, List<FeedEntry> entries, Instant now) {
        List<Alert> notices = noticesFor(entries, now.atOffset(ZoneOffset.UTC).toLocalDate());
        return alerts.insertNew(tx, notices).invoke(ids -> ids.forEach(id -> metrics.fired(TYPE))).replaceWithVoid();
    }

    /** One notice per (team, model) among the batch's provisional usage entries, with their provisional USD summed. */
    static List<Alert> noticesFor(List<FeedEntry> entries, LocalDate day) {
        Map<String, List<FeedEntry>> byTeamAndModel = new TreeMap<>();
        for (FeedEntry e : entries) {
            if (e.isCall() && e.provisional() && e.model() != null) {
                byTeamAndModel.computeIfAbsent(team(e) + "\u0000" + e.model(), k -> new ArrayList<>()).add(e);
            }
        }
        List<Alert> notices = new ArrayList<>();
        byTeamAndModel.values().forEach(group -> notices.add(notice(group, day)));
        return notices;
    }

    private static Alert notice(List<FeedEntry> group, LocalDate day) {
        FeedEntry first = group.get(0);
        String model = first.model();
        String team = first.teamId() == null || first.teamId().isBlank() ? null : first.teamId();
        BigDecimal provisional = group.stream().map(FeedEntry::costUsd).filter(java.util.Objects::nonNull)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        String howToPrice = "give it a rate: PUT /api/v1/finops/valuation-rates on pricing-service with {\"modelId\":\""
                + model + "\",\"inputRatePerKTokens\":...,\"outputRatePerKTokens\":...}, or a ModelPrice resource "
                + "(finops.dev/v1alpha1) with spec.modelId " + model + "; its spend is then re-valued at that rate";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", model);
        details.put("teamId", team);
        details.put("day", day.toString());
        details.put("provisionalUsd", provisional.toPlainString());
        details.put("events", group.size());
        details.put("firstEventId", first.eventId());
        details.put("howToPrice", howToPrice);
        details.put("explanation", "Model '%s' has no rate: %s's usage of it is counted against budgets at a "
                .formatted(model, team == null ? "the org" : "team " + team)
                + "provisional (fallback) rate until it is priced. To price it, " + howToPrice + ".");
        String summary = "Model '%s' has no rate; %s's usage of it is counted at a provisional rate ($%s in the first events seen today)"
                .formatted(model, team == null ? "the org" : "team " + team, provisional.toPlainString());
        return new Alert(java.util.UUID.randomUUID(), "unpriced:" + (team == null ? "org" : team) + ":" + model + ":" + day,
                TYPE, Alert.Severity.warning, summary, details, null, team, "budget-service", null, Alert.Kind.notice,
                null, null);
    }

    private static String team(FeedEntry e) {
        return e.teamId() == null ? "" : e.teamId();
    }
}

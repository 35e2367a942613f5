package dev.finops.budget.service;

import dev.finops.budget.Alert;
import dev.finops.budget.BudgetScope;
import dev.finops.budget.config.BudgetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An alert as Alertmanager's {@code POST /api/v2/alerts} takes it, sent the way Prometheus sends: a firing condition
 * again every re-send interval with {@code endsAt} four intervals ahead, so it stays active exactly as long as it is
 * re-sent; its end once, with the same labels and {@code endsAt} = when it ended.
 */
@ApplicationScoped
public class AlertmanagerAlerts {

    /** Prometheus: endsAt = now + 4 × max(resend delay, evaluation interval). */
    static final int ENDS_AFTER_INTERVALS = 4;

    /** Attribution in an alert handed over by another service, and the label each becomes. */
    private static final Map<String, String> ATTRIBUTION_LABELS = Map.of("teamId", "team", "agentId", "agent",
            "customerId", "customer", "feature", "feature", "environment", "environment", "model", "model");

    private final Duration validFor;
    private final BudgetConfig.Links links;

    public AlertmanagerAlerts(BudgetConfig config) {
        this.validFor = config.alerts().resendInterval().multipliedBy(ENDS_AFTER_INTERVALS);
        this.links = config.alerts().links();
    }

    public Map<String, Object> of(Alert a, Instant now) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", labels(a));
        alert.put("annotations", Map.of("summary", a.summary(), "description", AlertText.description(a)));
        alert.put("startsAt", startsAt(a).toString());
        alert.put("endsAt", endsAt(a, now).toString());
        String link = generatorUrl(a);
        if (link != null) {
            alert.put("generatorURL", link);
        }
        return alert;
    }

    private static Instant startsAt(Alert a) {
        Object since = a.details().get("firingSince");
        return a.kind() == Alert.Kind.resolution && since != null ? Instant.parse(since.toString()) : a.createdAt();
    }

    private Instant endsAt(Alert a, Instant now) {
        return switch (a.kind()) {
            case condition -> a.resolvedAt() != null ? a.resolvedAt() : now.plus(validFor);
            case resolution, notice -> a.createdAt();
        };
    }

    /** The same for a condition and its resolution: Alertmanager identifies an alert by its labels. */
    static Map<String, String> labels(Alert a) {
        Map<String, Object> d = a.details();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", a.type());
        labels.put("severity", a.severity().name());
        labels.put("source", a.source());
        if (a.budgetId() != null && d.containsKey("budgetName")) {
            labels.put("budget", String.valueOf(d.get("budgetName")));
            put(labels, "threshold", d.get("thresholdPercent"));
            put(labels, "period", d.get("period"));
            if (d.get("scope") instanceof Map<?, ?> scope) {
                scope.forEach((k, v) -> put(labels, k.toString(), v));
            } else {
                labels.put("scope", "org");
            }
        } else {
            ATTRIBUTION_LABELS.forEach((field, label) -> put(labels, label, d.get(field)));
            Object scope = d.get("scope");
            if (scope != null && BudgetScope.DIMENSIONS.contains(scope.toString())) {
                put(labels, scope.toString(), d.get("scopeId"));
            } else {
                put(labels, "scope", scope);
            }
        }
        labels.put("dedup_key", a.conditionDedupKey());
        return labels;
    }

    private String generatorUrl(Alert a) {
        if (a.budgetId() != null) {
            return links.budget().replace("{budgetId}", a.budgetId().toString());
        }
        Object id = a.details().get("id");
        if (id != null && a.type().startsWith("anomaly.")) {
            return links.anomaly().replace("{anomalyId}", id.toString());
        }
        return null;
    }

    private static void put(Map<String, String> labels, String name, Object value) {
        if (value != null && !value.toString().isBlank() && !labels.containsKey(name)) {
            labels.put(name, value.toString());
        }
    }
}

package dev.finops.budget.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.budget.Alert;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/** What a person reads about an alert besides its summary: one paragraph, then its facts as "name: value" lines. */
final class AlertText {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Details that only correlate or repeat the summary; left out of the text (they stay in the JSON). */
    private static final Set<String> NOT_READ = Set.of("resolvesDedupKey", "explanation", "firingSince");

    private AlertText() {
    }

    /** The summary without the "Resolved: " its sender may have put in front. */
    static String headline(Alert a) {
        String s = a.summary();
        return a.kind() == Alert.Kind.resolution && s.startsWith("Resolved: ") ? s.substring("Resolved: ".length()) : s;
    }

    static String description(Alert a) {
        String text = a.budgetId() != null && a.details().containsKey("budgetName") ? budget(a) : other(a);
        return text + "\n\n" + facts(a.details());
    }

    private static String budget(Alert a) {
        Map<String, Object> d = a.details();
        String who = d.get("scope") instanceof Map<?, ?> scope && !scope.isEmpty() ? "of " + scope(scope) : "of the org";
        StringBuilder s = new StringBuilder("Budget '%s' %s: %s USD spent of %s USD this %s period (%s to %s)."
                .formatted(d.get("budgetName"), who, d.get("spentUsd"), d.get("amountUsd"), d.get("period"),
                        d.get("periodStart"), d.get("periodEnd")));
        if (a.kind() == Alert.Kind.resolution) {
            s.append(" The alert at ").append(d.get("thresholdPercent")).append("% ended: ").append(d.get("resolvedReason"))
                    .append('.');
        } else if ("budget_hard_limit".equals(a.type())) {
            s.append(" It reached its hard limit (").append(d.get("thresholdPercent"))
                    .append("% of the amount): budget checks refuse calls until the period ends.");
        } else {
            s.append(" It crossed its ").append(d.get("thresholdPercent")).append("% alert threshold.");
        }
        return s.toString();
    }

    private static String other(Alert a) {
        Object explanation = a.details().get("explanation");
        String text = explanation != null ? explanation.toString() : headline(a);
        return a.kind() == Alert.Kind.resolution ? "Resolved: " + text : text;
    }

    private static String scope(Map<?, ?> scope) {
        StringJoiner j = new StringJoiner(", ");
        scope.forEach((k, v) -> j.add(k + " " + v));
        return j.toString();
    }

    private static String facts(Map<String, Object> details) {
        StringJoiner lines = new StringJoiner("\n");
        details.forEach((k, v) -> {
            if (!NOT_READ.contains(k) && v != null) {
                lines.add(k + ": " + value(v));
            }
        });
        return lines.toString();
    }

    private static String value(Object v) {
        if (v instanceof Map<?, ?> m) {
            return m.isEmpty() ? "-" : scope(m);
        }
        if (v instanceof Iterable<?>) {
            try {
                return JSON.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        return String.valueOf(v);
    }
}

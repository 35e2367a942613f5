package dev.finops.budget.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.budget.Alert;
import dev.finops.budget.AlertChannel;
import dev.finops.budget.config.BudgetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The request each channel type expects for an alert: URL, headers and JSON body. */
@ApplicationScoped
public class AlertPayloads {

    public record Outgoing(String url, Map<String, String> headers, String body) {
    }

    private final ObjectMapper json;
    private final BudgetConfig config;
    private final AlertmanagerAlerts alertmanager;

    public AlertPayloads(ObjectMapper json, BudgetConfig config, AlertmanagerAlerts alertmanager) {
        this.json = json;
        this.config = config;
        this.alertmanager = alertmanager;
    }

    public Outgoing build(Alert a, AlertChannel c, Instant now) {
        return switch (c.type()) {
            case webhook -> webhook(a, c, now);
            case slack -> new Outgoing(c.secret(), Map.of(), write(slack(a)));
            case pagerduty -> new Outgoing(c.url() != null ? c.url() : config.delivery().pagerdutyUrl(), Map.of(),
                    write(pagerduty(a, c)));
            case alertmanager -> new Outgoing(c.url().replaceAll("/+$", "") + "/api/v2/alerts", Map.of(),
                    write(List.of(alertmanager.of(a, now))));
            case email -> throw new IllegalArgumentException("email is not sent over HTTP");
        };
    }

    private Outgoing webhook(Alert a, AlertChannel c, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", a.kind() == Alert.Kind.resolution ? "alert.resolved" : "alert." + a.type());
        body.put("timestamp", a.createdAt().toString());
        body.put("data", data(a));
        String text = write(body);
        long ts = now.getEpochSecond();
        String id = "msg_" + a.id();
        return new Outgoing(c.url(), Map.of("webhook-id", id, "webhook-timestamp", String.valueOf(ts),
                "webhook-signature", WebhookSigner.sign(c.secret(), id, ts, text)), text);
    }

    /** A condition is "firing", its end "resolved" (same dedupKey, and the id of the alert it resolves). */
    static Map<String, Object> data(Alert a) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", a.id().toString());
        data.put("dedupKey", a.conditionDedupKey());
        data.put("type", a.type());
        data.put("state", switch (a.kind()) {
            case condition -> "firing";
            case resolution -> "resolved";
            case notice -> "notice";
        });
        if (a.resolves() != null) {
            data.put("resolves", a.resolves().toString());
        }
        data.put("severity", a.severity().name());
        data.put("summary", a.summary());
        data.put("details", a.details());
        data.put("source", a.source());
        data.put("createdAt", a.createdAt().toString());
        return data;
    }

    private static Map<String, Object> slack(Alert a) {
        String icon = a.kind() == Alert.Kind.resolution ? ":white_check_mark:" : switch (a.severity()) {
            case critical -> ":rotating_light:";
            case warning -> ":warning:";
            case info -> ":information_source:";
        };
        String state = a.kind() == Alert.Kind.resolution ? "resolved" : a.severity().name();
        return Map.of("text", "[" + state + "] " + AlertText.headline(a), "blocks", List.of(
                Map.of("type", "section", "text", Map.of("type", "mrkdwn",
                        "text", icon + " *" + state.toUpperCase(java.util.Locale.ROOT) + "* " + AlertText.headline(a))),
                Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn",
                        "text", "type `" + a.type() + "` · source " + a.source() + " · " + a.createdAt())))));
    }

    /** A condition triggers an incident; its resolution (or an old reset notice naming one) resolves it. */
    private static Map<String, Object> pagerduty(Alert a, AlertChannel c) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", c.secret());
        Object resolves = a.details().get("resolvesDedupKey");
        if (a.kind() != Alert.Kind.condition && resolves != null) {
            event.put("event_action", "resolve");
            event.put("dedup_key", resolves.toString());
            return event;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", a.summary().length() > 1024 ? a.summary().substring(0, 1024) : a.summary());
        payload.put("source", a.source());
        payload.put("severity", a.severity().name());
        payload.put("timestamp", a.createdAt().toString());
        payload.put("component", "budget-service");
        payload.put("class", a.type());
        payload.put("custom_details", a.details());
        event.put("event_action", "trigger");
        event.put("dedup_key", a.dedupKey());
        event.put("payload", payload);
        return event;
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

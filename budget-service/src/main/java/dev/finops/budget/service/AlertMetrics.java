package dev.finops.budget.service;

import dev.finops.budget.AlertChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * budget-service's alert metrics. Every series of a bounded label value exists from start-up at 0, so dashboards
 * show 0 rather than no data and {@code rate()} in the alert rules sees the first increment.
 */
@Startup
@ApplicationScoped
public class AlertMetrics {

    /** The alert types budget-service raises itself, and "external" for alerts other services hand over. */
    static final List<String> ALERT_TYPES = List.of("budget_threshold", "budget_hard_limit", "budget_period_reset",
            "external");

    /** The types of conditions that end: budget-service's own, and "external" for those handed over. */
    static final List<String> CONDITION_TYPES = List.of("budget_threshold", "budget_hard_limit", "external");

    private final MeterRegistry registry;

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
        ALERT_TYPES.forEach(type -> registry.counter("finops_alerts_fired_total", "type", type));
        CONDITION_TYPES.forEach(type -> registry.counter("finops_alerts_resolved_total", "type", type));
        for (AlertChannel.Type channel : AlertChannel.Type.values()) {
            for (String outcome : List.of("delivered", "failed", "dead")) {
                registry.counter("finops_alerts_" + outcome + "_total", "channel", channel.name());
            }
            registry.timer("finops_alert_delivery_seconds", "channel", channel.name());
        }
    }

    public void fired(String type) {
        fired(type, 1);
    }

    public void fired(String type, int count) {
        registry.counter("finops_alerts_fired_total", "type", type).increment(count);
    }

    /**
     * A delivery (or a re-send) succeeded; {@code sinceRaised} is the time from the alert being raised to its first
     * delivery (null for a re-send).
     */
    public void delivered(String channel, Duration sinceRaised) {
        registry.counter("finops_alerts_delivered_total", "channel", channel).increment();
        if (sinceRaised != null) {
            registry.timer("finops_alert_delivery_seconds", "channel", channel).record(sinceRaised);
        }
    }

    /** Conditions that ended (a resolution was raised), by the condition's type. */
    public void resolved(String type, int count) {
        registry.counter("finops_alerts_resolved_total", "type", type).increment(count);
    }

    /** An attempt failed (it will be retried unless it is also dead). */
    public void failed(String channel) {
        registry.counter("finops_alerts_failed_total", "channel", channel).increment();
    }

    /** A delivery was given up: out of attempts, or the receiver answered 410 Gone. */
    public void dead(String channel) {
        registry.counter("finops_alerts_dead_total", "channel", channel).increment();
    }
}

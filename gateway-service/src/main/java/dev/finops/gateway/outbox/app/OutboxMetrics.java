package dev.finops.gateway.outbox.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The outbox's series; all exist at 0 from start-up so alert rules and dashboards see them before any traffic. */
@Startup
@ApplicationScoped
public class OutboxMetrics {

    /** Why a delivery attempt left its events pending (see {@link IngestAnswer.Failed}). */
    public static final List<String> FAILURE_REASONS = List.of("unavailable", "connection", "timeout", "refused");

    private final AtomicLong pending = new AtomicLong();
    private final Counter delivered;
    private final Counter dead;
    private final Map<String, Counter> failed;

    public OutboxMetrics(MeterRegistry registry) {
        Gauge.builder("finops_gateway_outbox_pending", pending, AtomicLong::get)
                .description("Usage events in the outbox not yet delivered to ingest (dead ones excluded)")
                .register(registry);
        delivered = Counter.builder("finops_gateway_outbox_delivered_total")
                .description("Usage events ingest accepted from the outbox").register(registry);
        dead = Counter.builder("finops_gateway_outbox_dead_total")
                .description("Usage events ingest refused as invalid, kept dead in the outbox").register(registry);
        failed = FAILURE_REASONS.stream().collect(Collectors.toMap(Function.identity(), reason ->
                Counter.builder("finops_gateway_outbox_failed_total").tag("reason", reason)
                        .description("Usage events whose delivery attempt failed; they stay pending and are retried")
                        .register(registry)));
    }

    void pending(long rows) {
        pending.set(rows);
    }

    void delivered(int events) {
        delivered.increment(events);
    }

    void dead(int events) {
        dead.increment(events);
    }

    void failed(String reason, int events) {
        failed.getOrDefault(reason, failed.get("unavailable")).increment(events);
    }
}

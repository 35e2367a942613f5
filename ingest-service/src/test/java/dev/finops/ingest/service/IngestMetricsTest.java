package dev.finops.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * The counters the dashboard and the alert rules read exist at 0 from start-up (IngestMetrics is a @Startup bean), so a
 * fresh install shows 0 rather than "No data", also for what may never happen there (unpriced usage, OTLP, runs).
 */
class IngestMetricsTest {

    @Test
    void everyCounterTheDashboardAndRulesReadExistsBeforeTheFirstEvent() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new IngestMetrics(registry, 100);
        for (String name : new String[] {"finops.usage.events", "finops.cost.usd", "finops.unpriced.events",
                "finops.usage.duplicates", "agent.runs"}) {
            Counter c = registry.find(name).counter();
            assertNotNull(c, name);
            assertEquals(0.0, c.count(), name);
        }
        IngestMetrics.OTLP_RESULTS.forEach(r -> assertNotNull(registry.find("finops.otlp.spans").tag("result", r)
                .counter(), "finops_otlp_spans_total{result=" + r + "}"));
        IngestMetrics.TOKEN_TYPES.forEach(t -> assertNotNull(registry.find("finops.tokens").tag("type", t)
                .counter(), "finops_tokens_total{type=" + t + "}"));
        IngestMetrics.REJECT_REASONS.forEach(r -> assertNotNull(registry.find("finops.usage.rejected")
                .tag("reason", r).counter(), "finops_usage_rejected_total{reason=" + r + "}"));
    }
}

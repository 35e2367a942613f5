package dev.finops.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.finops.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** A fresh registry, no event yet: the series that dashboards and rules read are already there, at 0. */
class IngestMetricsTest {

    @Test
    void seriesExistAtZeroFromStartUp() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new IngestMetrics(registry, config());

        assertZero(registry.find("agent.runs").counter());
        assertZero(registry.find("finops.unpriced.events").tags("model", "none", "provider", "none", "team", "none",
                "agent", "none").counter());
        for (String result : IngestMetrics.OTLP_RESULTS) {
            assertZero(registry.find("finops.otlp.spans").tag("result", result).counter());
        }
        assertEquals(4, IngestMetrics.OTLP_RESULTS.size());
    }

    private static void assertZero(Counter counter) {
        assertNotNull(counter);
        assertEquals(0.0, counter.count());
    }

    private static IngestConfig config() {
        return (IngestConfig) Proxy.newProxyInstance(IngestConfig.class.getClassLoader(),
                new Class<?>[] {IngestConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "maxLabelValues" -> 500;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

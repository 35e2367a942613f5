package dev.finops.pricing.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * pricing-service's Prometheus metrics. Labels are bounded: sources and where a lookup happened are fixed
 * sets; rule names and models come from configuration (policies and the rate table), never from callers.
 */
@io.quarkus.runtime.Startup
@ApplicationScoped
public class PricingMetrics {

    private final MeterRegistry registry;
    private final Timer decideTimer;

    public PricingMetrics(MeterRegistry registry, RateBook book) {
        this.registry = registry;
        Gauge.builder("finops.catalog.models", book, b -> b.effectiveAt(Instant.now()).size())
                .description("models with a rate in effect now").register(registry);
        Gauge.builder("finops.rate.version", book, RateBook::version)
                .description("newest valuation-rate version this replica holds").register(registry);
        this.decideTimer = Timer.builder("finops.routing.decide").description("one routing decision, server-side")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** New rate versions stored, by source (catalog, api, import, resource). */
    public void rateChanges(String source, int count) {
        if (count > 0) {
            registry.counter("finops.rate.changes", "source", source).increment(count);
        }
    }

    /** A model name no rate is known for, by where it was looked up (lookup, quote, routing, alias). */
    public void unknownModel(String where) {
        registry.counter("finops.unknown.model.lookups", "where", where).increment();
    }

    public void decision(String rule, String model, long nanos) {
        registry.counter("finops.routing.decisions", "rule", rule, "model", model).increment();
        decideTimer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}

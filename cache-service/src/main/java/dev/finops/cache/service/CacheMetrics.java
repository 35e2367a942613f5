package dev.finops.cache.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;

/** The cache's Prometheus metrics; labels are bounded (result, stage), never namespaces or ids. */
@io.quarkus.runtime.Startup // its series exist from start-up
@ApplicationScoped
public class CacheMetrics {

    private final MeterRegistry registry;
    private final Counter savings;
    private final Counter evictions;
    private final DistributionSummary embeddingCost;
    private final Counter embeddingsReused;

    public CacheMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.savings = Counter.builder("finops.cache.savings.usd").description("USD saved by cache hits").register(registry);
        this.evictions = Counter.builder("finops.cache.evictions").description("entries evicted by maxEntries")
                .register(registry);
        this.embeddingCost = DistributionSummary.builder("finops.embedding.cost.usd")
                .description("USD spent per embedding").register(registry);
        this.embeddingsReused = Counter.builder("finops.cache.embeddings.reused")
                .description("texts not embedded again: their vector was computed lately").register(registry);
        for (String result : new String[] {"hit", "exact", "miss"}) {
            registry.counter("finops.cache.lookups", "result", result); // series exist from the start at 0
        }
    }

    /** result: hit (semantic), exact, miss. */
    public void lookup(String result) {
        registry.counter("finops.cache.lookups", "result", result).increment();
    }

    public void saved(BigDecimal usd) {
        savings.increment(usd.doubleValue());
    }

    public void embedded(BigDecimal usd) {
        embeddingCost.record(usd.doubleValue());
    }

    public void embeddingReused() {
        embeddingsReused.increment();
    }

    public void evicted(int n) {
        evictions.increment(n);
    }

    /** stage: exact, embed, search, total. */
    public void stage(String stage, long startNanos) {
        Timer.builder("finops.cache.lookup.duration").tag("stage", stage).description("lookup latency by stage")
                .register(registry).record(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}

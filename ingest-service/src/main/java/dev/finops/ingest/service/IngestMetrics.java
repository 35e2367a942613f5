package dev.finops.ingest.service;

import dev.finops.cost.TokenUsage;
import dev.finops.ingest.UsageEvent;
import dev.finops.ingest.config.IngestConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ingest's Prometheus metrics. Label values are bounded: ids never become labels, and each label
 * keeps at most {@code finops.ingest.max-label-values} distinct values before folding the rest into "_other".
 */
@io.quarkus.runtime.Startup // its series exist from start-up
@ApplicationScoped
public class IngestMetrics {

    static final String OTHER = "_other";

    /** Why events are refused: the values of finops_usage_rejected_total's reason label. */
    static final List<String> REJECT_REASONS = List.of("invalid", "forbidden_team", "conflict", "too_large",
            "store_failed");

    /** What became of OTLP spans: the values of finops_otlp_spans_total's result label. */
    static final List<String> OTLP_RESULTS = List.of("stored", "duplicate", "ignored", "rejected");

    /** The label value of a missing attribution (an event without agent, say), and of the start-up series. */
    static final String NONE = "none";

    private static final double[] SIZE_BUCKETS = {1, 10, 50, 100, 250, 500, 1000, 5000};

    private final MeterRegistry registry;
    private final int maxLabelValues;
    private final Map<String, Set<String>> seenLabelValues = new ConcurrentHashMap<>();
    private final Timer requestTimer;
    private final Timer commitTimer;
    private final DistributionSummary requestSize;
    private final DistributionSummary commitSize;

    /** The token types of finops_tokens_total. */
    static final List<String> TOKEN_TYPES = List.of("input", "cached_input", "cache_write", "output", "reasoning");

    @jakarta.inject.Inject
    public IngestMetrics(MeterRegistry registry, IngestConfig config) {
        this(registry, config.maxLabelValues());
    }

    IngestMetrics(MeterRegistry registry, int maxLabelValues) {
        this.registry = registry;
        this.maxLabelValues = maxLabelValues;
        // latency histograms for histogram_quantile(), bounded to the range that matters (~30 buckets each);
        // sizes get a few fixed buckets, enough to see how well commits group
        this.requestTimer = latencyHistogram("finops.ingest.request", "POST /api/v1/usage, end to end");
        this.commitTimer = latencyHistogram("finops.ingest.commit", "one group-commit transaction");
        this.requestSize = DistributionSummary.builder("finops.ingest.batch.size").description("events per POST")
                .serviceLevelObjectives(SIZE_BUCKETS).register(registry);
        this.commitSize = DistributionSummary.builder("finops.ingest.commit.size")
                .description("events per group-commit transaction").serviceLevelObjectives(SIZE_BUCKETS)
                .register(registry);
        // series of bounded label values exist from the start at 0, so rate() sees their first increment
        registry.counter("finops.usage.duplicates");
        REJECT_REASONS.forEach(reason -> registry.counter("finops.usage.rejected", "reason", reason));
        registry.counter("agent.runs");
        OTLP_RESULTS.forEach(result -> registry.counter("finops.otlp.spans", "result", result));
        // usage series are labelled by model, team and agent, unknown until events arrive: one series of the
        // "none" values (what an event without the attribute counts under) makes sum() and increase() answer 0
        // on a fresh install instead of nothing
        Tags none = Tags.of("model", NONE, "provider", NONE, "team", NONE, "agent", NONE);
        registry.counter("finops.usage.events", none);
        registry.counter("finops.cost.usd", none);
        registry.counter("finops.unpriced.events", none);
        TOKEN_TYPES.forEach(type -> registry.counter("finops.tokens", none.and("type", type)));
    }

    private Timer latencyHistogram(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    public Timer.Sample startRequest(int events) {
        requestSize.record(events);
        return Timer.start(registry);
    }

    public void requestDone(Timer.Sample sample) {
        sample.stop(requestTimer);
    }

    public void committed(long nanos, int events) {
        commitTimer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        commitSize.record(events);
    }

    /** Counts one newly stored event: calls, cost (or unpriced), tokens by type, tool calls. */
    public void stored(PricedEvent priced) {
        UsageEvent e = priced.event();
        Tags tags = Tags.of("model", label("model", e.model()), "provider", label("provider", e.provider()),
                "team", label("team", e.teamId()), "agent", label("agent", e.agentId()));
        registry.counter("finops.usage.events", tags).increment();
        if (priced.priced()) {
            registry.counter("finops.cost.usd", tags).increment(priced.costUsd().doubleValue());
        }
        if (!priced.priced() || priced.provisional()) {
            // a provisional valuation still lacks its model's rate: the metric says which models need one
            registry.counter("finops.unpriced.events", tags).increment();
        }
        TokenUsage t = e.tokens();
        tokens(tags, "input", t.uncachedInputTokens());
        tokens(tags, "cached_input", t.cachedInputTokens());
        tokens(tags, "cache_write", t.cacheWriteInputTokens());
        tokens(tags, "output", t.nonReasoningOutputTokens());
        tokens(tags, "reasoning", t.reasoningTokens());
        if (e.toolCalls() != null && e.toolCalls() > 0) {
            registry.counter("agent.tool.calls", "team", label("team", e.teamId()), "agent", label("agent", e.agentId()))
                    .increment(e.toolCalls());
        }
    }

    public void runsStarted(int runs) {
        if (runs > 0) {
            registry.counter("agent.runs").increment(runs);
        }
    }

    /** OTLP spans by what became of them (one of {@link #OTLP_RESULTS}). */
    public void otlpSpans(String result, long spans) {
        if (spans > 0) {
            registry.counter("finops.otlp.spans", "result", result).increment(spans);
        }
    }

    public void duplicates(int count) {
        if (count > 0) {
            registry.counter("finops.usage.duplicates").increment(count);
        }
    }

    /** Events refused, by reason (one of {@link #REJECT_REASONS}). */
    public void rejected(String reason, int events) {
        registry.counter("finops.usage.rejected", "reason", reason).increment(Math.max(events, 1));
    }

    private void tokens(Tags tags, String type, long count) {
        if (count > 0) {
            registry.counter("finops.tokens", tags.and("type", type)).increment(count);
        }
    }

    String label(String name, String value) {
        if (value == null || value.isEmpty()) {
            return NONE;
        }
        Set<String> seen = seenLabelValues.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet());
        if (seen.contains(value)) {
            return value;
        }
        if (seen.size() >= maxLabelValues) {
            return OTHER;
        }
        seen.add(value);
        return value;
    }
}

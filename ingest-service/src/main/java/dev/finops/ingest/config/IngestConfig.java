package dev.finops.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "finops.ingest")
public interface IngestConfig {

    /** Attribution fields (or tag keys) every event must carry, e.g. {@code agentId,feature}. */
    Optional<List<String>> requiredTags();

    /** Most events one POST may carry. */
    @WithDefault("1000")
    int maxBatchSize();

    /** How far in the future an event's timestamp may be (clock skew allowance). */
    @WithDefault("5m")
    Duration maxFutureSkew();

    /** Raw events older than this many days are dropped with their day partition (rollups stay). */
    @WithDefault("400")
    int retentionDays();

    /** Day partitions created ahead of today. */
    @WithDefault("7")
    int partitionsAhead();

    /** Group commit: most transactions writing events at once. */
    @WithDefault("4")
    int maxConcurrentCommits();

    /** Group commit: most events one transaction carries. */
    @WithDefault("5000")
    int maxEventsPerCommit();

    /** How often the rate table is checked for new versions (a cheap conditional request). */
    @WithDefault("10s")
    Duration ratesRefresh();

    /** Most distinct values a metric label keeps before folding the rest into "_other". */
    @WithDefault("500")
    int maxLabelValues();

    /** How events of a model without a rate are valued (issue 18: unpriced spend is money). */
    Unpriced unpriced();

    /** Per-event ceilings: an event above one is quarantined, counted nowhere until an admin releases it. */
    Ceilings ceilings();

    interface Unpriced {
        /** A provisional rate per provider (e.g. {@code fallback.openai.input-per-k}); else the provider's dearest. */
        Map<String, FallbackRate> fallback();
    }

    interface FallbackRate {
        /** USD per 1,000 input tokens. */
        BigDecimal inputPerK();

        /** USD per 1,000 output tokens. */
        BigDecimal outputPerK();
    }

    interface Ceilings {
        /** Most tokens (input + output) one event may carry. */
        @WithDefault("10000000")
        long maxTokens();

        /** Highest cost one event may have, in USD. */
        @WithDefault("1000")
        BigDecimal maxCostUsd();
    }
}

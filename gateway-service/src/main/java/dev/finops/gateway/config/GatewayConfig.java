package dev.finops.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the gateway ({@code finops.gateway.*}). */
@ConfigMapping(prefix = "finops.gateway")
public interface GatewayConfig {

    /** pricing-service: routing decisions and the rate table. */
    String pricingUrl();

    /** budget-service: hard-cap checks with reservations. */
    String budgetUrl();

    /** cache-service: semantic lookups and stores. */
    String cacheUrl();

    /** ingest-service: where the usage outbox delivers. */
    String ingestUrl();

    /** Hosts a provider baseUrl may name although they are loopback, link-local or private. */
    Optional<List<String>> allowedHosts();

    /** Passphrase of the key that encrypts provider API keys at rest; empty = derived from the service key. */
    Optional<String> secretKey();

    /** Attribution tags every call must carry: agent, feature, environment, customer, session, run. */
    Optional<List<String>> requiredTags();

    /** Largest request body accepted on /v1 routes. */
    @WithDefault("4M")
    MemorySize maxBodySize();

    /** Output tokens reserved for a call that sets no max_tokens (budget reservations, token limits). */
    @WithDefault("4096")
    long defaultMaxOutputTokens();

    /** How long a provider may take to answer when its own timeoutMs is not set. */
    @WithDefault("600s")
    Duration defaultProviderTimeout();

    /** Entries in the in-memory exact-match cache tier. */
    @WithDefault("10000")
    int exactCacheEntries();

    /** The durable usage outbox and its delivery to ingest. */
    Outbox outbox();

    /** Rate limits per key, team and agent. */
    Limits limits();

    /** {@code finops.gateway.outbox.*} */
    interface Outbox {

        /** Appends that may wait for their commit; beyond it an append fails at once (UNAVAILABLE). */
        @WithDefault("20000")
        int maxQueued();

        /** Rows one group-commit INSERT carries at most. */
        @WithDefault("1000")
        int maxRowsPerInsert();

        /** Group-commit INSERTs in flight at once (each holds a pool connection). */
        @WithDefault("2")
        int maxConcurrentInserts();

        /** How often the publisher looks for due rows (besides the nudge after appends). */
        @WithDefault("200ms")
        Duration publishEvery();

        /** How long the publisher waits after an append's nudge, so one POST carries the appends of that time. */
        @WithDefault("20ms")
        Duration linger();

        /** Events per POST to ingest (ingest takes at most 1,000). */
        @WithDefault("500")
        int batchSize();

        /** Bytes of events per POST at most (ingest refuses bodies over 1 MiB). */
        @WithDefault("900000")
        int maxBatchBytes();

        /** How long one POST to ingest may take before it counts as failed. */
        @WithDefault("10s")
        Duration sendTimeout();

        /** How long claimed rows stay invisible to other publishers; must exceed send-timeout. */
        @WithDefault("60s")
        Duration claimLease();

        /** Wait before the first retry after ingest failed; doubled per attempt. */
        @WithDefault("500ms")
        Duration backoffBase();

        /** Longest wait between retries. */
        @WithDefault("30s")
        Duration backoffCap();
    }

    /** {@code finops.gateway.limits.*} */
    interface Limits {

        /** How often each replica reloads the limit definitions (another replica's changes show up within it). */
        @WithDefault("2s")
        Duration refresh();

        /** Share of a limit one replica claims from Postgres at a time (at least 1): 5 = 5 %. */
        @WithDefault("5")
        int blockPercent();
    }
}

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
}

package dev.finops.http.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "finops.auth")
public interface AuthConfig {

    /** Base URL of ingest-service, which owns the API keys and answers introspection. */
    @WithDefault("http://localhost:8081")
    String ingestUrl();

    /** This service's own key, used for every call it makes to another service. */
    Optional<String> serviceKey();

    /** How long a verified key is trusted before asking again: the bound on revocation delay. */
    @WithDefault("30s")
    Duration cacheTtl();

    /**
     * How long a key verified before is still trusted while ingest cannot be reached (0 = not at all): an ingest
     * outage then does not stop every caller (the gateway's traffic above all). Revocation still takes effect
     * within cache-ttl whenever ingest answers.
     */
    @WithDefault("10m")
    Duration staleTtl();

    /** How long an unknown key is remembered as unknown, so a bad client cannot flood ingest. */
    @WithDefault("5s")
    Duration negativeCacheTtl();
}

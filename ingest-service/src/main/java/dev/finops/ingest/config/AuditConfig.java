package dev.finops.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** The other services whose audit trails GET /api/v1/audit merges with ingest's own. */
@ConfigMapping(prefix = "finops.audit")
public interface AuditConfig {

    /** Service name (pricing, budget, ...) to its base URL; the same URLs the rest clients use. */
    Map<String, String> trails();

    /** How long one service may take to answer before the merged view is given without its entries. */
    @WithDefault("3s")
    Duration timeout();
}

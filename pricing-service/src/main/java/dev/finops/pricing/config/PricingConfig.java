package dev.finops.pricing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "finops.pricing")
public interface PricingConfig {

    /** How often each replica checks (one small query) whether rates, aliases or policies changed elsewhere. */
    @WithDefault("2s")
    Duration refreshInterval();

    /** Classpath resource of the built-in price catalog, loaded on the first start only. */
    @WithDefault("catalog/price-catalog.json")
    String catalogResource();

    /** Whether to load the built-in catalog on the first start (off: start with no rates). */
    @WithDefault("true")
    boolean loadCatalog();

    /** Largest accepted rate, USD per 1K tokens: anything above is a typo (1000 = $1 per token). */
    @WithDefault("1000")
    java.math.BigDecimal maxRatePerKTokens();
}

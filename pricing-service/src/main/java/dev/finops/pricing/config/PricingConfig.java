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

    /** Refresh of rates from a LiteLLM-format price map at a URL; off unless a URL is set. */
    Refresh refresh();

    interface Refresh {

        /** URL of a LiteLLM-format price map (model_prices_and_context_window.json); unset: no refresh. */
        java.util.Optional<String> url();

        /** How often the price map is fetched and its passing changes applied. */
        @WithDefault("6h")
        Duration interval();

        /** A rate moving by more than this factor (either way) is held until an admin confirms it. */
        @WithDefault("10")
        java.math.BigDecimal maxFactor();

        /** Whether models the installation has no rate for yet are added too (off: only known models change). */
        @WithDefault("false")
        boolean addNewModels();
    }
}

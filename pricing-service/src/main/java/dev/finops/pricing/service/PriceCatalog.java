package dev.finops.pricing.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.pricing.ModelAlias;
import dev.finops.pricing.RateSource;
import dev.finops.pricing.ValuationRate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import dev.finops.cost.ContextTier;
import dev.finops.cost.TierRates;
import java.util.List;
import java.util.Map;

/** The built-in catalog file: list prices (USD per 1K tokens) as of a date, and the aliases of those models. */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record PriceCatalog(String name, LocalDate asOf, String notice, List<Entry> models, List<ModelAlias> aliases) {

    /** One model's list prices; the rate model v2 fields (from cacheWrite1h on) are optional. */
    public record Entry(String modelId, String provider, BigDecimal input, BigDecimal cachedInput,
                        BigDecimal cacheWrite, BigDecimal output, BigDecimal reasoning, BigDecimal cacheWrite1h,
                        List<ContextTier> contextTiers, Map<String, TierRates> serviceTiers, BigDecimal requestCostUsd,
                        BigDecimal searchQueryCostUsd) {

        public Entry(String modelId, String provider, BigDecimal input, BigDecimal cachedInput, BigDecimal cacheWrite,
                     BigDecimal output, BigDecimal reasoning) {
            this(modelId, provider, input, cachedInput, cacheWrite, output, reasoning, null, null, null, null, null);
        }
    }

    public static PriceCatalog read(ObjectMapper json, String resource) {
        try (InputStream in = PriceCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("price catalog resource not found: " + resource);
            }
            return json.readValue(in, PriceCatalog.class);
        } catch (IOException e) {
            throw new UncheckedIOException("price catalog " + resource + " is unreadable", e);
        }
    }

    /** The catalog's rates, effective from the start of its as-of day. */
    public List<ValuationRate> rates() {
        var from = asOf.atStartOfDay(ZoneOffset.UTC).toInstant();
        return models.stream().map(m -> new ValuationRate(m.modelId(), m.provider(), m.input(), m.output(),
                m.cachedInput(), m.cacheWrite(), m.reasoning(), m.cacheWrite1h(), m.contextTiers(), m.serviceTiers(),
                m.requestCostUsd(), m.searchQueryCostUsd(), "USD", from, 0, RateSource.catalog, null, null)).toList();
    }
}

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
import java.util.List;

/** The built-in catalog file: list prices (USD per 1K tokens) as of a date, and the aliases of those models. */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record PriceCatalog(String name, LocalDate asOf, String notice, List<Entry> models, List<ModelAlias> aliases) {

    public record Entry(String modelId, String provider, BigDecimal input, BigDecimal cachedInput,
                        BigDecimal cacheWrite, BigDecimal output, BigDecimal reasoning) {
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
                m.cachedInput(), m.cacheWrite(), m.reasoning(), "USD", from, 0, RateSource.catalog)).toList();
    }
}

package dev.finops.gateway.proxy.app;

import dev.finops.cost.CostCalculator;
import dev.finops.cost.RateCard;
import dev.finops.cost.TokenUsage;
import dev.finops.gateway.client.SuiteClient;
import dev.finops.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * pricing-service's current rates in memory, for the X-FinOps-Cost-Usd header of each answer. The cost that counts
 * is ingest's, valued from its own rate table when the event arrives; this is the same formula on the same rates.
 */
@ApplicationScoped
public class RateBook {

    private final SuiteClient suite;
    private final String ratesUrl;
    private final ObjectReader exact;
    private volatile Map<String, RateCard> rates = Map.of();

    public RateBook(SuiteClient suite, GatewayConfig config, ObjectMapper json) {
        this.suite = suite;
        this.exact = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.ratesUrl = config.pricingUrl() + "/api/v1/finops/valuation-rates";
    }

    void load(@Observes StartupEvent start) {
        refresh().subscribe().with(v -> { }, e -> { });
    }

    @Scheduled(every = "${finops.gateway.rate-refresh:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return suite.get(ratesUrl).invoke(reply -> {
            if (reply.ok()) {
                rates = parse(reply.body().getBytes());
            }
        }).onFailure().invoke(e -> Log.debugf("rates not refreshed from pricing-service: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The cost of a call at the model's current rate; empty when the model has no rate (yet). */
    public Optional<BigDecimal> cost(String model, TokenUsage tokens) {
        RateCard rate = rates.get(model);
        return rate == null ? Optional.empty() : Optional.of(CostCalculator.totalUsd(tokens, rate));
    }

    /** Rates are read as decimals, never through a double. */
    private Map<String, RateCard> parse(byte[] body) {
        Map<String, RateCard> byModel = new HashMap<>();
        try {
            for (JsonNode r : exact.readTree(body)) {
                byModel.put(r.get("modelId").asText(), new RateCard(r.get("modelId").asText(), text(r, "provider"),
                        decimal(r, "inputRatePerKTokens"), decimal(r, "outputRatePerKTokens"),
                        decimal(r, "cachedInputRatePerKTokens"), decimal(r, "cacheWriteRatePerKTokens"),
                        decimal(r, "reasoningRatePerKTokens"), Instant.parse(r.get("effectiveFrom").asText()),
                        r.get("version").asLong()));
            }
        } catch (IOException | RuntimeException e) {
            Log.warnf("pricing-service's rates could not be read: %s", e.getMessage());
            return rates;
        }
        return Map.copyOf(byModel);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static BigDecimal decimal(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
    }
}

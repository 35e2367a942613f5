package dev.finops.cache.service;

import dev.finops.cache.client.PricingClient;
import dev.finops.http.auth.AuthConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What a hit saved: the avoided call at its model's current rate, from pricing-service. If pricing cannot answer, the
 * hit is still served and its savings are unknown (counted as 0 and as an unpriced hit), never guessed.
 */
@ApplicationScoped
public class Savings {

    private final PricingClient pricing;
    private final String authorization;

    public Savings(@RestClient PricingClient pricing, AuthConfig auth) {
        this.pricing = pricing;
        this.authorization = "Bearer " + auth.serviceKey().orElse("");
    }

    public Uni<Optional<BigDecimal>> ofAvoidedCall(String model, long inputTokens, long outputTokens) {
        return pricing.quote(new PricingClient.QuoteRequest(model, inputTokens, outputTokens), authorization)
                .map(q -> Optional.ofNullable(q.totalUsd()))
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("cache hit for model %s not valued (pricing-service: %s); savings recorded as unknown",
                            model, e.getMessage());
                    return Optional.empty();
                });
    }
}

package dev.finops.cache.service;

import dev.finops.cache.client.PricingClient;
import dev.finops.cache.config.CacheConfig;
import dev.finops.cache.config.CacheConfig.Embedding.Provider;
import dev.finops.http.auth.AuthConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Money of the cache, from pricing-service's current rates: what a hit saved (the avoided call) and what a remote
 * embedding cost. If pricing cannot answer, a hit is still served and its savings are unknown (counted as 0 and as
 * an unpriced hit), never guessed; the in-process model costs {@code embedding.cost-per-k-tokens} (default 0).
 */
@ApplicationScoped
public class Valuation {

    private final PricingClient pricing;
    private final String authorization;
    private final CacheConfig.Embedding embedding;

    public Valuation(@RestClient PricingClient pricing, AuthConfig auth, CacheConfig config) {
        this.pricing = pricing;
        this.authorization = "Bearer " + auth.serviceKey().orElse("");
        this.embedding = config.embedding();
    }

    public Uni<Optional<BigDecimal>> ofAvoidedCall(String model, long inputTokens, long outputTokens) {
        return quote(model, inputTokens, outputTokens, "cache hit");
    }

    /** Tokens embedded remotely are priced like any call of the embeddings model (input tokens only). */
    public Uni<BigDecimal> ofEmbedding(int tokens) {
        if (tokens == 0) {
            return Uni.createFrom().item(BigDecimal.ZERO);
        }
        if (embedding.provider() == Provider.REMOTE) {
            return quote(embedding.remote().model(), tokens, 0, "embedding").map(cost -> cost.orElse(BigDecimal.ZERO));
        }
        return Uni.createFrom().item(embedding.costPerKTokens().multiply(BigDecimal.valueOf(tokens))
                .divide(BigDecimal.valueOf(1000), 12, RoundingMode.HALF_UP).stripTrailingZeros());
    }

    private Uni<Optional<BigDecimal>> quote(String model, long inputTokens, long outputTokens, String what) {
        return pricing.quote(new PricingClient.QuoteRequest(model, inputTokens, outputTokens), authorization)
                .map(q -> Optional.ofNullable(q.totalUsd()))
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("%s for model %s not valued (pricing-service: %s); recorded as unknown (0)", what,
                            model, e.getMessage());
                    return Optional.empty();
                });
    }
}

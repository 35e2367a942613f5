package dev.finops.ingest.service;

import dev.finops.cost.RateCard;
import dev.finops.http.auth.AuthConfig;
import dev.finops.ingest.UsageEvent;
import dev.finops.ingest.client.PricingClient;
import dev.finops.ingest.config.IngestConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The provisional rate of an event whose model has no rate (issue 18): the installation's fallback for the
 * event's provider if configured, else the dearest current rate (input + output per 1K) of that provider. Keeps
 * its own copy of the current rates by provider, caught up from pricing-service whenever {@link RateTable} has
 * moved on, since the rate table answers by model only.
 */
@ApplicationScoped
public class ProvisionalRates {

    private final RateTable rates;
    private final PricingClient pricing;
    private final String authorization;
    private final Map<String, IngestConfig.FallbackRate> fallback;
    private volatile long seenVersion = 0;
    private volatile Map<String, NavigableMap<Instant, RateCard>> byModel = Map.of();

    public ProvisionalRates(RateTable rates, @RestClient PricingClient pricing, AuthConfig auth, IngestConfig config) {
        this.rates = rates;
        this.pricing = pricing;
        this.authorization = "Bearer " + auth.serviceKey().orElse("");
        this.fallback = config.unpriced().fallback();
    }

    /** Catches up with the rate table's version; a failure keeps what was known (the rate table is the truth). */
    public Uni<Void> catchUp() {
        long target = rates.version();
        if (target <= seenVersion) {
            return Uni.createFrom().voidItem();
        }
        long since = seenVersion;
        return pricing.rateVersions(since, authorization).invoke(this::add).replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("provisional rates not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private synchronized void add(List<PricingClient.RateVersion> versions) {
        Map<String, NavigableMap<Instant, RateCard>> copy = new HashMap<>();
        byModel.forEach((m, h) -> copy.put(m, new TreeMap<>(h)));
        long version = seenVersion;
        for (PricingClient.RateVersion v : versions) {
            RateCard card = new RateCard(v.modelId(), v.provider(), v.inputRatePerKTokens(), v.outputRatePerKTokens(),
                    v.cachedInputRatePerKTokens(), v.cacheWriteRatePerKTokens(), v.reasoningRatePerKTokens(),
                    v.effectiveFrom(), v.version());
            copy.computeIfAbsent(v.modelId(), m -> new TreeMap<>())
                    .merge(v.effectiveFrom(), card, (a, b) -> a.version() >= b.version() ? a : b);
            version = Math.max(version, v.version());
        }
        byModel = copy;
        seenVersion = version;
    }

    /** The provisional rate for an event at its timestamp, if its provider has a fallback or any rate. */
    public Optional<RateCard> rateFor(UsageEvent e) {
        String provider = providerOf(e);
        if (provider == null) {
            return Optional.empty();
        }
        IngestConfig.FallbackRate configured = fallback.get(provider);
        if (configured != null) {
            return Optional.of(new RateCard("fallback:" + provider, provider, configured.inputPerK(),
                    configured.outputPerK(), null, null, null, Instant.EPOCH, 0));
        }
        return byModel.values().stream().map(h -> h.floorEntry(e.timestamp())).filter(x -> x != null)
                .map(Map.Entry::getValue)
                .filter(r -> r.provider() != null && provider.equals(r.provider().toLowerCase(Locale.ROOT)))
                .max(Comparator.comparing((RateCard r) -> r.inputRatePerKTokens().add(r.outputRatePerKTokens()))
                        .thenComparing(RateCard::modelId));
    }

    /** The event's provider, else the prefix of a model such as "openai/gpt-5"; lower case. */
    static String providerOf(UsageEvent e) {
        String provider = e.provider();
        if ((provider == null || provider.isBlank()) && e.model().contains("/")) {
            provider = e.model().substring(0, e.model().indexOf('/'));
        }
        return provider == null || provider.isBlank() ? null : provider.toLowerCase(Locale.ROOT);
    }
}

package dev.finops.ingest.service;

import dev.finops.cost.RateCard;
import dev.finops.cost.RateRules;
import dev.finops.cost.ServiceTier;
import dev.finops.cost.TierRates;
import java.util.EnumMap;
import dev.finops.http.auth.AuthConfig;
import dev.finops.ingest.client.PricingClient;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Keeps {@link RateTable} in step with pricing-service by polling its change feed. */
@ApplicationScoped
public class RateRefresher {

    public record Status(long version, int models, Instant lastSuccess, Instant lastAttempt, String lastError) {
    }

    private final RateTable rates;
    private final PricingClient pricing;
    private final String authorization;
    private volatile Status status = new Status(0, 0, null, null, null);

    public RateRefresher(RateTable rates, @RestClient PricingClient pricing, AuthConfig auth) {
        this.rates = rates;
        this.pricing = pricing;
        this.authorization = "Bearer " + auth.serviceKey().orElse("");
    }

    /** At start pricing-service may still be starting: keep trying (1 s, growing to 10 s) for about five minutes. */
    void onStart(@Observes StartupEvent start) {
        refresh().onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(10)).atMost(35)
                .subscribe().with(s -> { }, e -> { });
    }

    @Scheduled(every = "${finops.ingest.rates-refresh}", delayed = "${finops.ingest.rates-refresh}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh().replaceWithVoid().onFailure().recoverWithNull();
    }

    public Status status() {
        return status;
    }

    /** Fetches versions newer than the table's and the alias table; a failure leaves the table as it was. */
    public Uni<Status> refresh() {
        Instant attempt = Instant.now();
        return Uni.combine().all()
                .unis(pricing.rateVersions(rates.version(), authorization), pricing.aliases(authorization))
                .asTuple()
                .map(t -> {
                    rates.apply(t.getItem1().stream().map(RateRefresher::toRateCard).toList(), aliasMap(t.getItem2()));
                    status = new Status(rates.version(), rates.modelCount(), attempt, attempt, null);
                    return status;
                })
                .onFailure().invoke(e -> {
                    Log.warnf("valuation rates not refreshed from pricing-service: %s", e.getMessage());
                    status = new Status(rates.version(), rates.modelCount(), status.lastSuccess(), attempt,
                            String.valueOf(e.getMessage()));
                });
    }

    private static RateCard toRateCard(PricingClient.RateVersion v) {
        Map<ServiceTier, TierRates> tiers = new EnumMap<>(ServiceTier.class);
        if (v.serviceTiers() != null) {
            // A tier this version of ingest does not know is ignored (its events are billed at the default tier).
            v.serviceTiers().forEach((name, rates) -> {
                ServiceTier tier = ServiceTier.parse(name);
                if (tier != null && rates != null) {
                    tiers.put(tier, rates);
                }
            });
        }
        return new RateCard(v.modelId(), v.provider(), v.inputRatePerKTokens(), v.outputRatePerKTokens(),
                v.cachedInputRatePerKTokens(), v.cacheWriteRatePerKTokens(), v.reasoningRatePerKTokens(),
                v.effectiveFrom(), v.version(), new RateRules(v.cacheWrite1hRatePerKTokens(), v.contextTiers(), tiers,
                        v.requestCostUsd(), v.searchQueryCostUsd()));
    }

    private static Map<String, String> aliasMap(List<PricingClient.ModelAlias> aliases) {
        return aliases.stream().collect(Collectors.toMap(PricingClient.ModelAlias::alias,
                PricingClient.ModelAlias::modelId, (a, b) -> b));
    }
}

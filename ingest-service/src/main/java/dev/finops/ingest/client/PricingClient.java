package dev.finops.ingest.client;

import dev.finops.cost.ContextTier;
import dev.finops.cost.TierRates;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * pricing-service's rate API as ingest uses it: the change feed of rate versions
 * ({@code ?since=} answers every version created after the given one, past- or future-effective)
 * and the alias table. See docs/decisions/0003-rate-table-in-ingest.md.
 */
@Path("/api/v1/finops")
@RegisterRestClient(configKey = "pricing")
public interface PricingClient {

    /** A rate version; the v2 fields (1-hour writes, tiers, per-request and per-search charges) may be absent. */
    record RateVersion(String modelId, String provider, BigDecimal inputRatePerKTokens,
                       BigDecimal outputRatePerKTokens, BigDecimal cachedInputRatePerKTokens,
                       BigDecimal cacheWriteRatePerKTokens, BigDecimal reasoningRatePerKTokens,
                       Instant effectiveFrom, long version, BigDecimal cacheWrite1hRatePerKTokens,
                       List<ContextTier> contextTiers, Map<String, TierRates> serviceTiers,
                       BigDecimal requestCostUsd, BigDecimal searchQueryCostUsd) {
    }

    record ModelAlias(String alias, String modelId) {
    }

    @GET
    @Path("/valuation-rates")
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200)
    Uni<List<RateVersion>> rateVersions(@QueryParam("since") long sinceVersion,
                                        @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/model-aliases")
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200)
    Uni<List<ModelAlias>> aliases(@HeaderParam("Authorization") String authorization);
}

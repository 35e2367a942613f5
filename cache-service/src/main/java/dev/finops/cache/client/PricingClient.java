package dev.finops.cache.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.math.BigDecimal;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** pricing-service's quote: what a call of this model with these tokens costs at the current rate. */
@Path("/api/v1/finops/quote")
@RegisterRestClient(configKey = "pricing")
public interface PricingClient {

    record QuoteRequest(String model, long inputTokens, long outputTokens) {
    }

    record Quote(BigDecimal totalUsd) {
    }

    @POST
    @Timeout(1000)
    Uni<Quote> quote(QuoteRequest request, @HeaderParam("Authorization") String serviceAuthorization);
}

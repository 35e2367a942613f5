package dev.finops.budget.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.math.BigDecimal;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** pricing-service's quote: what a token estimate costs with the model's current rate. */
@Path("/api/v1/finops/quote")
@RegisterRestClient(configKey = "pricing")
public interface PricingQuoteClient {

    record QuoteRequest(String model, long inputTokens, long outputTokens) {
    }

    record Quote(String modelId, long rateVersion, BigDecimal totalUsd) {
    }

    @POST
    @Timeout(1000)
    Uni<Quote> quote(@HeaderParam("Authorization") String serviceAuthorization, QuoteRequest request);
}

package dev.finops.budget.service;

import dev.finops.budget.client.PricingQuoteClient;
import dev.finops.budget.rest.CheckRequest;
import dev.finops.http.auth.AuthConfig;
import dev.finops.http.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The USD a check reserves: its {@code estimatedCostUsd}, or its token estimate valued by pricing-service
 * at the model's current rate (one quote per check that sends tokens; none otherwise).
 */
@ApplicationScoped
public class EstimatePricer {

    private final PricingQuoteClient pricing;
    private final String serviceAuthorization;

    public EstimatePricer(@RestClient PricingQuoteClient pricing, AuthConfig auth) {
        this.pricing = pricing;
        this.serviceAuthorization = "Bearer " + auth.serviceKey().orElse("");
    }

    public Uni<BigDecimal> usd(CheckRequest r) {
        if (r.estimatedCostUsd() != null) {
            if (r.hasTokenEstimate()) {
                throw ProblemException.badRequest("estimatedCostUsd", "give either a USD estimate or token estimates, not both");
            }
            if (r.estimatedCostUsd().signum() < 0) {
                throw ProblemException.badRequest("estimatedCostUsd", "must be 0 or more");
            }
            return Uni.createFrom().item(r.estimatedCostUsd());
        }
        if (!r.hasTokenEstimate()) {
            return Uni.createFrom().item(BigDecimal.ZERO);
        }
        long in = tokens("estimatedInputTokens", r.estimatedInputTokens());
        long out = tokens("estimatedOutputTokens", r.estimatedOutputTokens());
        if (r.model() == null || r.model().isBlank()) {
            throw ProblemException.badRequest("model", "is required to value a token estimate");
        }
        return pricing.quote(serviceAuthorization, new PricingQuoteClient.QuoteRequest(r.model(), in, out))
                .map(PricingQuoteClient.Quote::totalUsd)
                .onFailure().transform(EstimatePricer::explain);
    }

    private static long tokens(String field, Long value) {
        if (value != null && value < 0) {
            throw ProblemException.badRequest(field, "must be 0 or more");
        }
        return value == null ? 0 : value;
    }

    private static Throwable explain(Throwable e) {
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() / 100 == 4
                && w.getResponse().getStatus() != 401 && w.getResponse().getStatus() != 403) {
            return ProblemException.badRequest("model", "pricing-service has no rate for this model; send "
                    + "estimatedCostUsd instead");
        }
        return new ProblemException(Response.Status.SERVICE_UNAVAILABLE, "The token estimate cannot be valued right "
                + "now (pricing-service unreachable); send estimatedCostUsd or retry.");
    }
}

package dev.finops.budget.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.finops.budget.client.PricingQuoteClient;
import dev.finops.budget.config.BudgetConfig;
import dev.finops.budget.rest.CheckRequest;
import dev.finops.http.auth.AuthConfig;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.Problem;
import dev.finops.http.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The USD a check reserves: its {@code estimatedCostUsd}, or its token estimate valued by pricing-service
 * at the model's current rate (one quote per check that sends tokens; none otherwise).
 */
@ApplicationScoped
public class EstimatePricer {

    private final PricingQuoteClient pricing;
    private final String serviceAuthorization;
    private final boolean refuseUnpriced;
    // whether pricing-service has a rate for a model: asked once a minute per model, not once per check
    private final Cache<String, Boolean> priced = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(60)).build();

    public EstimatePricer(@RestClient PricingQuoteClient pricing, AuthConfig auth, BudgetConfig config) {
        this.pricing = pricing;
        this.serviceAuthorization = "Bearer " + auth.serviceKey().orElse("");
        this.refuseUnpriced = config.refuseUnpriced();
    }

    /** With {@code finops.budget.refuse-unpriced}: a 422 naming the model when pricing-service has no rate for it. */
    public Uni<Void> requirePriced(String model) {
        if (!refuseUnpriced || model == null || model.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        Boolean known = priced.getIfPresent(model);
        Uni<Boolean> answer = known != null ? Uni.createFrom().item(known)
                : pricing.quote(serviceAuthorization, new PricingQuoteClient.QuoteRequest(model, 0, 0))
                        .map(q -> true)
                        .onFailure(EstimatePricer::noRate).recoverWithItem(false)
                        .onFailure().transform(EstimatePricer::explain)
                        .invoke(p -> priced.put(model, p));
        return answer.invoke(p -> {
            if (!p) {
                throw new ProblemException(Problem.of(422, "Unprocessable Content", "model: '" + model + "' has no "
                        + "valuation rate, and this installation refuses unpriced models (finops.budget.refuse-unpriced)."
                        + " Price it first: PUT /api/v1/finops/valuation-rates on pricing-service, or a ModelPrice "
                        + "resource.", List.of(new FieldError("model", "has no valuation rate"))));
            }
        }).replaceWithVoid();
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

    /** pricing-service answered that it cannot value the model (a 4xx other than an auth failure). */
    private static boolean noRate(Throwable e) {
        return e instanceof WebApplicationException w && w.getResponse().getStatus() / 100 == 4
                && w.getResponse().getStatus() != 401 && w.getResponse().getStatus() != 403;
    }

    private static Throwable explain(Throwable e) {
        if (noRate(e)) {
            return ProblemException.badRequest("model", "pricing-service has no rate for this model; send "
                    + "estimatedCostUsd instead");
        }
        return new ProblemException(Response.Status.SERVICE_UNAVAILABLE, "The token estimate cannot be valued right "
                + "now (pricing-service unreachable); send estimatedCostUsd or retry.");
    }
}

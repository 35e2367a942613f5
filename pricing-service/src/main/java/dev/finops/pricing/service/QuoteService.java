package dev.finops.pricing.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.cost.CallCharges;
import dev.finops.cost.CostCalculator;
import dev.finops.cost.TokenUsage;
import dev.finops.cost.UsageReader;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.Problem;
import dev.finops.http.problem.ProblemException;
import dev.finops.pricing.ValuationRate;
import dev.finops.pricing.error.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prices a usage with the one cost formula (cost-model's {@link CostCalculator}) and the rate effective at
 * the given instant, from memory. Tokens are read by cost-model's {@link UsageReader}, so a quote accepts
 * every shape ingest accepts.
 */
@ApplicationScoped
public class QuoteService {

    public static final int MAX_BATCH = 1000;

    private final RateBook book;
    private final PricingMetrics metrics;

    public QuoteService(RateBook book, PricingMetrics metrics) {
        this.book = book;
        this.metrics = metrics;
    }

    public Quote quote(JsonNode request, Instant at) {
        return quoteAll(List.of(request), at, false).get(0);
    }

    /** All items or none: any problem answers with every problem found, each with its index. */
    public List<Quote> quoteAll(List<JsonNode> requests, Instant at, boolean batch) {
        if (requests.size() > MAX_BATCH) {
            throw ProblemException.badRequest("body", "a batch holds at most " + MAX_BATCH + " usages");
        }
        List<Quote> quotes = new ArrayList<>();
        List<FieldError> invalid = new ArrayList<>();
        List<FieldError> unknown = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            String prefix = batch ? "[" + i + "]." : "";
            Integer index = batch ? i : null;
            JsonNode node = requests.get(i);
            if (node == null || !node.isObject()) {
                invalid.add(new FieldError(batch ? "[" + i + "]" : "body", "must be a JSON object", index));
                continue;
            }
            JsonNode model = node.get("model");
            if (model == null || !model.isTextual() || model.textValue().isBlank()) {
                invalid.add(new FieldError(prefix + "model", "is required: the model id or a name it is reported under", index));
            }
            UsageReader.Result tokens = UsageReader.read(node);
            tokens.problems().forEach(p -> invalid.add(new FieldError(prefix + p.field(), p.message(), index)));
            if (!invalid.isEmpty()) {
                continue;
            }
            Optional<ValuationRate> rate = book.rateAt(model.textValue(), at);
            if (rate.isEmpty()) {
                metrics.unknownModel("quote");
                unknown.add(new FieldError(prefix + "model", unknownReason(model.textValue(), at), index));
                continue;
            }
            quotes.add(price(model.textValue(), rate.get(), tokens.tokens(), tokens.charges()));
        }
        Problems.throwIfAny(invalid);
        if (!unknown.isEmpty()) {
            throw new ProblemException(Problem.of(422, "Unprocessable Content", unknown.get(0).message()
                    + (unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more)" : "")
                    + ". Unknown models are never priced at 0.", unknown));
        }
        return quotes;
    }

    private static Quote price(String model, ValuationRate rate, TokenUsage tokens, CallCharges charges) {
        return Quote.of(model, rate, tokens, charges, CostCalculator.cost(tokens, rate.toRateCard(), charges));
    }

    private String unknownReason(String model, Instant at) {
        return book.resolve(model).isPresent()
                ? "no rate of model '" + model + "' was in effect at " + at
                : "unknown model '" + model + "': no rate is known for it";
    }
}

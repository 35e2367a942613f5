package dev.finops.pricing.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Set;

/**
 * One entry of the community price map LiteLLM publishes ({@code model_prices_and_context_window.json}):
 * USD per token, converted here to USD per 1,000 tokens. Answers the rate input, or why it is skipped.
 */
final class PriceMapEntry {

    static final String SPEC_KEY = "sample_spec";
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final Set<String> TOKEN_MODES = Set.of("chat", "completion", "responses", "embedding");

    record Parsed(RateInput rate, String skipReason) {
    }

    private PriceMapEntry() {
    }

    static Parsed parse(String key, JsonNode entry) {
        if (SPEC_KEY.equals(key)) {
            return skip("the format's own documentation entry, not a model");
        }
        if (entry == null || !entry.isObject()) {
            return skip("is not an object");
        }
        String mode = text(entry, "mode");
        if (mode != null && !TOKEN_MODES.contains(mode)) {
            return skip("mode '" + mode + "' is not billed per token");
        }
        boolean embedding = "embedding".equals(mode);
        String missing = !entry.hasNonNull("input_cost_per_token") ? "input_cost_per_token"
                : !embedding && !entry.hasNonNull("output_cost_per_token") ? "output_cost_per_token" : null;
        if (missing != null) {
            return skip("has no " + missing);
        }
        try {
            BigDecimal output = entry.hasNonNull("output_cost_per_token") ? perK(entry, "output_cost_per_token")
                    : BigDecimal.ZERO;
            RateInput rate = new RateInput(key, text(entry, "litellm_provider"), perK(entry, "input_cost_per_token"),
                    output, perK(entry, "cache_read_input_token_cost"), perK(entry, "cache_creation_input_token_cost"),
                    perK(entry, "output_cost_per_reasoning_token"), null, null);
            return new Parsed(rate, null);
        } catch (NotANumber e) {
            return skip(e.getMessage() + " is not a number");
        }
    }

    private static BigDecimal perK(JsonNode entry, String field) {
        JsonNode v = entry.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new NotANumber(field);
        }
        return v.decimalValue().multiply(THOUSAND).stripTrailingZeros();
    }

    private static String text(JsonNode entry, String field) {
        JsonNode v = entry.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static Parsed skip(String reason) {
        return new Parsed(null, reason);
    }

    private static final class NotANumber extends RuntimeException {
        NotANumber(String field) {
            super(field, null, false, false);
        }
    }
}

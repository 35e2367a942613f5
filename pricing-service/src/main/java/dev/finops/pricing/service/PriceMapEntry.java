package dev.finops.pricing.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import dev.finops.cost.ContextTier;
import dev.finops.cost.TierRates;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of the community price map LiteLLM publishes ({@code model_prices_and_context_window.json}):
 * USD per token, converted here to USD per 1,000 tokens. Answers the rate input, or why it is skipped.
 */
final class PriceMapEntry {

    static final String SPEC_KEY = "sample_spec";
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final Set<String> TOKEN_MODES = Set.of("chat", "completion", "responses", "embedding");
    private static final Pattern CONTEXT_FIELD = Pattern.compile("(input_cost_per_token|output_cost_per_token|"
            + "cache_read_input_token_cost|cache_creation_input_token_cost)_above_(\\d+)k_tokens");
    private static final Map<String, String> SERVICE_SUFFIXES = Map.of("batch", "_batches", "flex", "_flex",
            "priority", "_priority");

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
                    perK(entry, "output_cost_per_reasoning_token"), null, null,
                    perK(entry, "cache_creation_input_token_cost_above_1hr"), contextTiers(entry),
                    serviceTiers(entry), usd(entry, "input_cost_per_request"), searchQueryCost(entry));
            return new Parsed(rate, null);
        } catch (NotANumber e) {
            return skip(e.getMessage() + " is not a number");
        }
    }

    /** LiteLLM's {@code *_above_<N>k_tokens} prices, one tier per threshold (N thousand input tokens). */
    private static List<ContextTier> contextTiers(JsonNode entry) {
        TreeMap<Long, String> thresholds = new TreeMap<>();
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            Matcher m = CONTEXT_FIELD.matcher(it.next());
            if (m.matches()) {
                thresholds.put(Long.parseLong(m.group(2)) * 1000, m.group(2));
            }
        }
        List<ContextTier> tiers = new ArrayList<>();
        thresholds.forEach((tokens, k) -> {
            String suffix = "_above_" + k + "k_tokens";
            TierRates rates = new TierRates(perK(entry, "input_cost_per_token" + suffix),
                    perK(entry, "output_cost_per_token" + suffix), perK(entry, "cache_read_input_token_cost" + suffix),
                    perK(entry, "cache_creation_input_token_cost" + suffix),
                    perK(entry, "cache_creation_input_token_cost_above_1hr" + suffix));
            if (!rates.none()) {
                tiers.add(new ContextTier(tokens, rates));
            }
        });
        return tiers;
    }

    /** LiteLLM's {@code *_batches}, {@code *_flex} and {@code *_priority} prices. */
    private static Map<String, TierRates> serviceTiers(JsonNode entry) {
        Map<String, TierRates> tiers = new LinkedHashMap<>();
        SERVICE_SUFFIXES.forEach((tier, suffix) -> {
            TierRates rates = new TierRates(perK(entry, "input_cost_per_token" + suffix),
                    perK(entry, "output_cost_per_token" + suffix), perK(entry, "cache_read_input_token_cost" + suffix),
                    perK(entry, "cache_creation_input_token_cost" + suffix), null);
            if (!rates.none()) {
                tiers.put(tier, rates);
            }
        });
        return tiers;
    }

    /**
     * LiteLLM's {@code search_context_cost_per_query}: an object of low, medium and high search-context prices; the
     * medium one is LiteLLM's default and is the one imported (a plain number is taken as is).
     */
    private static BigDecimal searchQueryCost(JsonNode entry) {
        JsonNode v = entry.get("search_context_cost_per_query");
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isObject()) {
            JsonNode medium = v.get("search_context_size_medium");
            if (medium == null || medium.isNull()) {
                return null;
            }
            if (!medium.isNumber()) {
                throw new NotANumber("search_context_cost_per_query.search_context_size_medium");
            }
            return medium.decimalValue().stripTrailingZeros();
        }
        return usd(entry, "search_context_cost_per_query");
    }

    private static BigDecimal usd(JsonNode entry, String field) {
        JsonNode v = entry.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new NotANumber(field);
        }
        return v.decimalValue().stripTrailingZeros();
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

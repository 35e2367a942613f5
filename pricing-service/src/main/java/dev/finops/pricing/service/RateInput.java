package dev.finops.pricing.service;

import dev.finops.cost.ContextTier;
import dev.finops.cost.ServiceTier;
import dev.finops.cost.TierRates;
import dev.finops.http.problem.FieldError;
import dev.finops.pricing.RateSource;
import dev.finops.pricing.ValuationRate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A rate as a caller sends it (PUT body, one import entry), checked field by field. Rates are USD per
 * 1,000 tokens; {@code effectiveFrom} defaults to now and may be in the past or the future.
 */
public record RateInput(String modelId, String provider, BigDecimal inputRatePerKTokens,
                        BigDecimal outputRatePerKTokens, BigDecimal cachedInputRatePerKTokens,
                        BigDecimal cacheWriteRatePerKTokens, BigDecimal reasoningRatePerKTokens, String currency,
                        String effectiveFrom, BigDecimal cacheWrite1hRatePerKTokens, List<ContextTier> contextTiers,
                        Map<String, TierRates> serviceTiers, BigDecimal requestCostUsd,
                        BigDecimal searchQueryCostUsd) {

    /** Largest per-request or per-query charge accepted, USD: anything above is a typo. */
    static final BigDecimal MAX_CHARGE_USD = new BigDecimal("100");

    /** A rate with base prices only. */
    public RateInput(String modelId, String provider, BigDecimal inputRatePerKTokens,
                     BigDecimal outputRatePerKTokens, BigDecimal cachedInputRatePerKTokens,
                     BigDecimal cacheWriteRatePerKTokens, BigDecimal reasoningRatePerKTokens, String currency,
                     String effectiveFrom) {
        this(modelId, provider, inputRatePerKTokens, outputRatePerKTokens, cachedInputRatePerKTokens,
                cacheWriteRatePerKTokens, reasoningRatePerKTokens, currency, effectiveFrom, null, null, null, null, null);
    }

    static final int MAX_ID = 200;
    private static final Pattern MODEL_ID = Pattern.compile("[^\\s]+");

    /** Every problem of this input, with field paths under {@code prefix} ("" or e.g. "gpt-4o."). */
    public List<FieldError> problems(String prefix, BigDecimal maxRate) {
        List<FieldError> errors = new ArrayList<>();
        if (modelId == null || modelId.isBlank()) {
            errors.add(new FieldError(prefix + "modelId", "is required and must not be empty"));
        } else if (modelId.length() > MAX_ID || !MODEL_ID.matcher(modelId).matches()) {
            errors.add(new FieldError(prefix + "modelId", "must be at most " + MAX_ID + " characters without spaces"));
        }
        if (provider != null && (provider.isBlank() || provider.length() > MAX_ID)) {
            errors.add(new FieldError(prefix + "provider", "must be a non-empty string of at most " + MAX_ID + " characters"));
        }
        rate(errors, prefix + "inputRatePerKTokens", inputRatePerKTokens, true, maxRate);
        rate(errors, prefix + "outputRatePerKTokens", outputRatePerKTokens, true, maxRate);
        rate(errors, prefix + "cachedInputRatePerKTokens", cachedInputRatePerKTokens, false, maxRate);
        rate(errors, prefix + "cacheWriteRatePerKTokens", cacheWriteRatePerKTokens, false, maxRate);
        rate(errors, prefix + "reasoningRatePerKTokens", reasoningRatePerKTokens, false, maxRate);
        rate(errors, prefix + "cacheWrite1hRatePerKTokens", cacheWrite1hRatePerKTokens, false, maxRate);
        charge(errors, prefix + "requestCostUsd", requestCostUsd);
        charge(errors, prefix + "searchQueryCostUsd", searchQueryCostUsd);
        tierProblems(errors, prefix, maxRate);
        if (currency != null && !"USD".equals(currency)) {
            errors.add(new FieldError(prefix + "currency", "unknown currency '" + currency + "': rates are in USD"));
        }
        if (effectiveFrom != null) {
            try {
                OffsetDateTime.parse(effectiveFrom);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(prefix + "effectiveFrom",
                        "must be an ISO-8601 timestamp with offset, e.g. 2026-01-01T00:00:00Z"));
            }
        }
        return errors;
    }

    private void tierProblems(List<FieldError> errors, String prefix, BigDecimal maxRate) {
        if (contextTiers != null) {
            Set<Long> thresholds = new HashSet<>();
            for (int i = 0; i < contextTiers.size(); i++) {
                ContextTier tier = contextTiers.get(i);
                String at = prefix + "contextTiers[" + i + "]";
                if (tier == null || tier.rates() == null || tier.rates().none()) {
                    errors.add(new FieldError(at, "needs aboveInputTokens and at least one rate in rates"));
                } else if (tier.aboveInputTokens() <= 0 || !thresholds.add(tier.aboveInputTokens())) {
                    errors.add(new FieldError(at + ".aboveInputTokens", "must be a positive number of input tokens, "
                            + "different for each tier"));
                } else {
                    tierRates(errors, at + ".rates.", tier.rates(), maxRate);
                }
            }
        }
        if (serviceTiers != null) {
            serviceTiers.forEach((name, rates) -> {
                String at = prefix + "serviceTiers." + name;
                ServiceTier tier = ServiceTier.parse(name);
                if (tier == null || tier == ServiceTier.DEFAULT || !tier.wire().equals(name)) {
                    errors.add(new FieldError(at, "unknown service tier: use batch, flex or priority "
                            + "(the default tier's rates are the base rates)"));
                } else if (rates == null || rates.none()) {
                    errors.add(new FieldError(at, "needs at least one rate"));
                } else {
                    tierRates(errors, at + ".", rates, maxRate);
                }
            });
        }
    }

    private static void tierRates(List<FieldError> errors, String at, TierRates r, BigDecimal maxRate) {
        rate(errors, at + "inputRatePerKTokens", r.inputRatePerKTokens(), false, maxRate);
        rate(errors, at + "outputRatePerKTokens", r.outputRatePerKTokens(), false, maxRate);
        rate(errors, at + "cachedInputRatePerKTokens", r.cachedInputRatePerKTokens(), false, maxRate);
        rate(errors, at + "cacheWriteRatePerKTokens", r.cacheWriteRatePerKTokens(), false, maxRate);
        rate(errors, at + "cacheWrite1hRatePerKTokens", r.cacheWrite1hRatePerKTokens(), false, maxRate);
    }

    private static void charge(List<FieldError> errors, String field, BigDecimal value) {
        if (value == null) {
            return;
        }
        if (value.signum() < 0) {
            errors.add(new FieldError(field, "must not be negative"));
        } else if (value.compareTo(MAX_CHARGE_USD) > 0) {
            errors.add(new FieldError(field, "is USD per call or query and must be at most " + MAX_CHARGE_USD));
        } else if (value.scale() > 20) {
            errors.add(new FieldError(field, "has too many digits"));
        }
    }

    /** The version to store (call after {@link #problems} found none). */
    public ValuationRate toRate(RateSource source, Instant now) {
        Instant from = effectiveFrom == null ? now : OffsetDateTime.parse(effectiveFrom).toInstant();
        return new ValuationRate(modelId, provider, inputRatePerKTokens, outputRatePerKTokens,
                cachedInputRatePerKTokens, cacheWriteRatePerKTokens, reasoningRatePerKTokens,
                cacheWrite1hRatePerKTokens, contextTiers, serviceTiers, requestCostUsd, searchQueryCostUsd, "USD",
                from, 0, source, null, null);
    }

    private static void rate(List<FieldError> errors, String field, BigDecimal value, boolean required, BigDecimal max) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError(field, "is required (USD per 1,000 tokens)"));
            }
        } else if (value.signum() < 0) {
            errors.add(new FieldError(field, "must not be negative"));
        } else if (value.compareTo(max) > 0) {
            errors.add(new FieldError(field, "is USD per 1,000 tokens and must be at most " + max.toPlainString()
                    + " ($1 per token); is the unit right?"));
        } else if (value.scale() > 20 || value.precision() - value.scale() > 10) {
            errors.add(new FieldError(field, "has too many digits"));
        }
    }
}

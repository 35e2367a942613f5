package dev.finops.pricing.service;

import dev.finops.http.problem.FieldError;
import dev.finops.pricing.RateSource;
import dev.finops.pricing.ValuationRate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A rate as a caller sends it (PUT body, one import entry), checked field by field. Rates are USD per
 * 1,000 tokens; {@code effectiveFrom} defaults to now and may be in the past or the future.
 */
public record RateInput(String modelId, String provider, BigDecimal inputRatePerKTokens,
                        BigDecimal outputRatePerKTokens, BigDecimal cachedInputRatePerKTokens,
                        BigDecimal cacheWriteRatePerKTokens, BigDecimal reasoningRatePerKTokens, String currency,
                        String effectiveFrom) {

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

    /** The version to store (call after {@link #problems} found none). */
    public ValuationRate toRate(RateSource source, Instant now) {
        Instant from = effectiveFrom == null ? now : OffsetDateTime.parse(effectiveFrom).toInstant();
        return new ValuationRate(modelId, provider, inputRatePerKTokens, outputRatePerKTokens,
                cachedInputRatePerKTokens, cacheWriteRatePerKTokens, reasoningRatePerKTokens, "USD", from, 0, source);
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

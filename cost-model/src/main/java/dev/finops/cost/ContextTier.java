package dev.finops.cost;

import java.util.Objects;

/**
 * Rates that apply to a whole call whose input tokens exceed {@code aboveInputTokens} (LiteLLM's
 * {@code *_above_200k_tokens}): Gemini and Anthropic bill every token of such a call at the higher tier.
 */
public record ContextTier(long aboveInputTokens, TierRates rates) {

    public ContextTier {
        Objects.requireNonNull(rates, "rates");
        if (aboveInputTokens < 0) {
            throw new IllegalArgumentException("aboveInputTokens must not be negative");
        }
    }
}

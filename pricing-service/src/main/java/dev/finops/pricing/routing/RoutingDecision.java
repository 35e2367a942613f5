package dev.finops.pricing.routing;

import java.math.BigDecimal;

/**
 * The model a request should use and why: the rule that matched ("default" when none did, "allowlist"
 * when only the environment's allowlist decided), and what that saves against the requested model per
 * 1,000 tokens of an even input/output mix (null when either model has no current rate).
 */
public record RoutingDecision(String model, String rule, String reason, String requestedModel,
                              BigDecimal estimatedSavingsPerKTokens, String policy) {
}

package dev.finops.pricing.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which model a request should use: the first rule whose CEL condition holds, else {@code defaultModel}.
 * {@code allowedModels} maps an environment (or "*" for every other one) to the only models it may get.
 * One policy per scope: global, a team, or an agent (the most specific one applies). When no rule matches, the
 * default never replaces a requested model that costs less (current input + output rate per 1K tokens) unless
 * {@code allowUpgrade} is true; a matching rule applies as written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingPolicy(String scope, String scopeId, String defaultModel, List<RoutingRule> rules,
                            Map<String, List<String>> allowedModels, Boolean allowUpgrade, Instant updatedAt) {

    /** One rule: when {@code condition} (a CEL expression over request attributes) holds, use {@code model}. */
    public record RoutingRule(String name, String condition, String model, String reason) {
    }

    public RoutingPolicy withScope(String scope, String scopeId, Instant updatedAt) {
        return new RoutingPolicy(scope, scopeId, defaultModel, rules == null ? List.of() : rules,
                allowedModels == null ? Map.of() : allowedModels, upgradeAllowed(), updatedAt);
    }

    /** Whether the default may replace a cheaper requested model (false unless the policy says so). */
    public boolean upgradeAllowed() {
        return Boolean.TRUE.equals(allowUpgrade);
    }
}

package dev.finops.pricing.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which model a request should use: the first rule whose CEL condition holds, else {@code defaultModel}.
 * {@code allowedModels} maps an environment (or "*" for every other one) to the only models it may get.
 * One policy per scope: global, a team, or an agent (the most specific one applies).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingPolicy(String scope, String scopeId, String defaultModel, List<RoutingRule> rules,
                            Map<String, List<String>> allowedModels, Instant updatedAt) {

    /** One rule: when {@code condition} (a CEL expression over request attributes) holds, use {@code model}. */
    public record RoutingRule(String name, String condition, String model, String reason) {
    }

    public RoutingPolicy withScope(String scope, String scopeId, Instant updatedAt) {
        return new RoutingPolicy(scope, scopeId, defaultModel, rules == null ? List.of() : rules,
                allowedModels == null ? Map.of() : allowedModels, updatedAt);
    }
}

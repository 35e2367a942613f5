package dev.finops.pricing.routing;

import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A policy ready to decide with: its conditions compiled once, its allowlists as sets. */
public record CompiledPolicy(RoutingPolicy policy, List<CompiledRule> rules, Map<String, Set<String>> allowed) {

    public record CompiledRule(RoutingPolicy.RoutingRule rule, CelRuntime.Program program) {
    }

    /** The models an environment may get, or null when it is not restricted. */
    public Set<String> allowedIn(String environment) {
        Set<String> models = environment == null ? null : allowed.get(environment);
        return models != null ? models : allowed.get("*");
    }

    public String key() {
        return PolicyBook.key(policy.scope(), policy.scopeId());
    }
}

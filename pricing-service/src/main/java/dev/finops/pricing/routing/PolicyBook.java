package dev.finops.pricing.routing;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every routing policy, compiled, in memory: decisions never touch the database. */
@ApplicationScoped
public class PolicyBook {

    private record Snapshot(long revision, Map<String, CompiledPolicy> byScope) {
    }

    private volatile Snapshot snapshot = new Snapshot(-1, Map.of());

    static String key(String scope, String scopeId) {
        return scope + "/" + (scopeId == null ? "" : scopeId);
    }

    public long revision() {
        return snapshot.revision();
    }

    public Optional<CompiledPolicy> get(String scope, String scopeId) {
        return Optional.ofNullable(snapshot.byScope().get(key(scope, scopeId)));
    }

    /** The most specific policy for a caller: the agent's, else the team's, else the global one. */
    public Optional<CompiledPolicy> applicable(String agentId, String teamId) {
        Map<String, CompiledPolicy> all = snapshot.byScope();
        CompiledPolicy p = agentId == null ? null : all.get(key("agent", agentId));
        if (p == null && teamId != null) {
            p = all.get(key("team", teamId));
        }
        return Optional.ofNullable(p != null ? p : all.get(key("global", "")));
    }

    public List<RoutingPolicy> all() {
        return snapshot.byScope().values().stream().map(CompiledPolicy::policy)
                .sorted(java.util.Comparator.comparing(RoutingPolicy::scope).thenComparing(RoutingPolicy::scopeId))
                .toList();
    }

    /** Replaces every policy unless a newer table is already held. */
    public synchronized void replace(long revision, List<CompiledPolicy> policies) {
        if (revision <= snapshot.revision()) {
            return;
        }
        snapshot = new Snapshot(revision, policies.stream()
                .collect(Collectors.toUnmodifiableMap(CompiledPolicy::key, Function.identity())));
    }
}

package dev.finops.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.policy.Finding.Severity;
import dev.finops.resources.CachePolicy;
import dev.finops.resources.ModelPrice;
import dev.finops.resources.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Drako's FinOps scan rules, over a policy file or over finops.dev resources:
 * FIN-001 (MEDIUM) no cost tracking, FIN-002 (LOW) no routing rules, FIN-003 (LOW) no cache.
 * Over resources, cost tracking means ModelPrice resources (the suite values usage with catalog list prices
 * otherwise, not contract prices), and a resource that breaks its CRD is a SCHEMA finding (HIGH).
 */
public final class FinopsChecks {

    static final String NO_TRACKING = "No cost tracking configured";
    static final String NO_ROUTING = "Single model used for all tasks: no routing rules defined, potential over-spend on"
            + " expensive models";
    static final String NO_CACHE = "No cache configured: every query hits the LLM, even repeated ones";

    private FinopsChecks() {
    }

    public static List<Finding> ofPolicy(JsonNode finops, String where) {
        List<Finding> out = new ArrayList<>();
        if (!PolicyFile.enabled(finops.path("tracking"), false)) {
            out.add(new Finding("FIN-001", Severity.MEDIUM, where,
                    NO_TRACKING + ": finops.tracking.enabled is missing or false"));
        }
        if (!PolicyFile.enabled(finops.path("routing"), false) || finops.path("routing").path("rules").isEmpty()) {
            out.add(new Finding("FIN-002", Severity.LOW, where, NO_ROUTING));
        }
        if (!PolicyFile.enabled(finops.path("cache"), false)) {
            out.add(new Finding("FIN-003", Severity.LOW, where, NO_CACHE));
        }
        return out;
    }

    public static List<Finding> ofResources(List<ResourceSet.Loaded> loaded, String where) {
        List<Finding> out = new ArrayList<>();
        loaded.stream().filter(l -> !l.problems().isEmpty()).forEach(l -> l.problems()
                .forEach(p -> out.add(new Finding("SCHEMA", Severity.HIGH, l.where(), p))));
        var valid = loaded.stream().filter(l -> l.problems().isEmpty()).map(ResourceSet.Loaded::resource).toList();
        if (valid.stream().noneMatch(r -> r instanceof ModelPrice)) {
            out.add(new Finding("FIN-001", Severity.MEDIUM, where, NO_TRACKING
                    + ": no ModelPrice resource, so usage is valued at catalog list prices, not your contract prices"));
        }
        if (valid.stream().noneMatch(r -> r instanceof RoutingPolicy p && p.getSpec().rules() != null
                && !p.getSpec().rules().isEmpty())) {
            out.add(new Finding("FIN-002", Severity.LOW, where, NO_ROUTING + " (no RoutingPolicy with rules)"));
        }
        if (valid.stream().noneMatch(r -> r instanceof CachePolicy c && !Boolean.FALSE.equals(c.getSpec().enabled()))) {
            out.add(new Finding("FIN-003", Severity.LOW, where, NO_CACHE + " (no enabled CachePolicy)"));
        }
        return out;
    }
}

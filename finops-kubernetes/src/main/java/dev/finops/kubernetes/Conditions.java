package dev.finops.kubernetes;

import dev.finops.resources.ResourceCondition;
import dev.finops.resources.ResourceStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The status a reconciliation leaves: Ready=True, or Ready=False with Invalid=True and the reason. */
final class Conditions {

    static final String RECONCILED = "Reconciled";

    private Conditions() {
    }

    static ResourceStatus ready(Long generation, String objectId, ResourceStatus previous) {
        return status(generation, objectId, previous,
                List.of(new ResourceCondition(ResourceCondition.READY, "True", RECONCILED, "Applied", null)));
    }

    static ResourceStatus invalid(Long generation, String reason, String message, ResourceStatus previous) {
        return status(generation, null, previous, List.of(
                new ResourceCondition(ResourceCondition.READY, "False", reason, message, null),
                new ResourceCondition(ResourceCondition.INVALID, "True", reason, message, null)));
    }

    /** Not applied for a passing reason (retried): not Invalid, and the previous objectId still stands. */
    static ResourceStatus failing(Long generation, String message, ResourceStatus previous) {
        return status(generation, previous == null ? null : previous.objectId(), previous,
                List.of(new ResourceCondition(ResourceCondition.READY, "False", "ReconcileError", message, null)));
    }

    /** Whether two statuses say the same (transition times aside), so an unchanged one is not written again. */
    static boolean same(ResourceStatus a, ResourceStatus b) {
        return a != null && b != null && Objects.equals(a.observedGeneration(), b.observedGeneration())
                && Objects.equals(a.objectId(), b.objectId()) && withoutTimes(a).equals(withoutTimes(b));
    }

    private static ResourceStatus status(Long generation, String objectId, ResourceStatus previous,
                                         List<ResourceCondition> conditions) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<ResourceCondition> timed = new ArrayList<>();
        for (ResourceCondition c : conditions) {
            String since = previous == null || previous.conditions() == null ? now : previous.conditions().stream()
                    .filter(p -> p.type().equals(c.type()) && p.status().equals(c.status()))
                    .map(ResourceCondition::lastTransitionTime).filter(Objects::nonNull).findFirst().orElse(now);
            timed.add(new ResourceCondition(c.type(), c.status(), c.reason(), c.message(), since));
        }
        return new ResourceStatus(generation, objectId, List.copyOf(timed));
    }

    private static List<ResourceCondition> withoutTimes(ResourceStatus s) {
        return s.conditions() == null ? List.of() : s.conditions().stream()
                .map(c -> new ResourceCondition(c.type(), c.status(), c.reason(), c.message(), null)).toList();
    }
}

package dev.finops.budget;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Something on-call should hear about; fires once per dedupKey. A {@code condition} lasts until it is resolved
 * ({@code resolvedAt}); its end is a {@code resolution} alert of its own ({@code resolves} = the condition's id),
 * delivered once to the channels the condition went to. A {@code notice} is a one-off message. {@code teamId}: the
 * team it is about (a budget's scope team, an anomaly's team; null: the org's), which decides the channels it goes to.
 */
public record Alert(UUID id, String dedupKey, String type, Severity severity, String summary,
                    Map<String, Object> details, UUID budgetId, String teamId, String source, Instant createdAt,
                    Kind kind, UUID resolves, Instant resolvedAt) {

    /** A firing condition, as raised (not stored yet: no creation time). */
    public static Alert condition(String dedupKey, String type, Severity severity, String summary,
                                  Map<String, Object> details, UUID budgetId, String teamId, String source) {
        return new Alert(UUID.randomUUID(), dedupKey, type, severity, summary, details, budgetId, teamId, source, null,
                Kind.condition, null, null);
    }

    /**
     * The resolution of this condition at {@code at}: same type, severity, budget and source, the condition's details
     * with {@code more} on top, and what ties it to the condition ({@code resolvesDedupKey}, {@code firingSince}).
     */
    public Alert resolvedBy(String summary, Map<String, Object> more, Instant at) {
        Map<String, Object> d = new java.util.LinkedHashMap<>(details);
        d.putAll(more);
        d.put("resolvesDedupKey", dedupKey);
        d.put("firingSince", createdAt.toString());
        return new Alert(UUID.randomUUID(), dedupKey + ":resolved", type, severity, summary, d, budgetId, teamId, source,
                at, Kind.resolution, id, null);
    }

    public enum Kind {
        condition, resolution, notice
    }

    /** The dedup key of the condition this alert is about: its own, or for a resolution the one it ends. */
    public String conditionDedupKey() {
        Object resolved = details.get("resolvesDedupKey");
        return kind == Kind.resolution && resolved != null ? resolved.toString() : dedupKey;
    }

    /** A condition that has not ended. */
    public boolean active() {
        return kind == Kind.condition && resolvedAt == null;
    }

    public enum Severity {
        info, warning, critical;

        public int rank() {
            return ordinal() + 1;
        }

        public static Severity parse(String value) {
            for (Severity s : values()) {
                if (s.name().equals(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("must be one of info, warning, critical");
        }
    }
}

package dev.finops.budget;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Something on-call should hear about; fires once per dedupKey. */
public record Alert(UUID id, String dedupKey, String type, Severity severity, String summary,
                    Map<String, Object> details, UUID budgetId, String source, Instant createdAt) {

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

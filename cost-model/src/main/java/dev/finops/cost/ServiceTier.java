package dev.finops.cost;

import java.util.Locale;

/** The provider's processing tier of a call; each may have its own rates (LiteLLM's *_batches, *_flex, *_priority). */
public enum ServiceTier {
    DEFAULT, BATCH, FLEX, PRIORITY;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tier named on the wire ("standard" and "auto" are the default tier), or null when unknown. */
    public static ServiceTier parse(String value) {
        if (value == null) {
            return DEFAULT;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "default", "standard", "auto" -> DEFAULT;
            case "batch" -> BATCH;
            case "flex" -> FLEX;
            case "priority" -> PRIORITY;
            default -> null;
        };
    }
}

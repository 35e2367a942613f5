package dev.finops.budget;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A place alerts are delivered to. The secret is held here decrypted but never serialised. */
public record AlertChannel(UUID id, String name, Type type, String url, @JsonIgnore String secret, String emailTo,
                           Alert.Severity minSeverity, List<String> alertTypes, boolean enabled,
                           String disabledReason, Instant createdAt) {

    public enum Type {
        webhook, slack, pagerduty, alertmanager, email;

        public static Type parse(String value) {
            for (Type t : values()) {
                if (t.name().equals(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("must be one of webhook, slack, pagerduty, alertmanager, email");
        }
    }

    /** Whether a secret (signing secret, routing key, Slack URL) is stored; the value itself is never returned. */
    @com.fasterxml.jackson.annotation.JsonProperty("hasSecret")
    public boolean hasSecret() {
        return secret != null;
    }
}

package dev.finops.budget;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A place alerts are delivered to, owned by a team ({@code teamId}) or the org (null). It gets the alerts of its
 * owner's team (an org channel: every alert) and of the teams it subscribes to ({@code scopes}; an org channel with
 * scopes only theirs), of the {@code alertTypes} it lists (null: every type). The secret is held here decrypted but
 * never serialised.
 */
public record AlertChannel(UUID id, String name, String teamId, Type type, String url, @JsonIgnore String secret,
                           String emailTo, Alert.Severity minSeverity, List<String> alertTypes, List<ChannelScope> scopes,
                           boolean enabled, String disabledReason, Instant createdAt) {

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

    /** The subscribed teams as stored (null: none). */
    public String[] scopeTeams() {
        return scopes == null ? null : scopes.stream().map(ChannelScope::team).toArray(String[]::new);
    }

    public static List<ChannelScope> scopesOf(String[] teams) {
        return teams == null ? null : java.util.Arrays.stream(teams).map(ChannelScope::new).toList();
    }
}

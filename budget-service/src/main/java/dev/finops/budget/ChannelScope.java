package dev.finops.budget;

/** A subscription of an alert channel: the alerts of this team (budgets and anomalies in its scope). */
public record ChannelScope(String team) {
}

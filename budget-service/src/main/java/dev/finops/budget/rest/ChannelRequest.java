package dev.finops.budget.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An alert channel as a client writes it. {@code secret}: the webhook signing secret ({@code whsec_…}), the
 * PagerDuty routing key; for Slack the incoming-webhook URL goes in {@code url} and is stored as the secret.
 * {@code teamId}: the owning team (a team key's own when left out; null from an org key: an org channel);
 * {@code scopes}: teams whose alerts it subscribes to, {@code [{"team": "search"}]}.
 */
public record ChannelRequest(String name, String type, String url, String secret, String emailTo, String minSeverity,
                             List<String> alertTypes, Boolean enabled, String teamId, List<JsonNode> scopes) {
}

package dev.finops.budget.rest;

import java.util.List;

/**
 * An alert channel as a client writes it. {@code secret}: the webhook signing secret ({@code whsec_…}), the
 * PagerDuty routing key; for Slack the incoming-webhook URL goes in {@code url} and is stored as the secret.
 */
public record ChannelRequest(String name, String type, String url, String secret, String emailTo, String minSeverity,
                             List<String> alertTypes, Boolean enabled) {
}

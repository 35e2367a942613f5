package dev.finops.gateway.attribution;

import java.util.Map;

/** Who a call is charged to: the team comes from the caller's key, the rest from headers or the body. */
public record Attribution(String teamId, String agentId, String feature, String environment, String customerId,
                          String sessionId, String runId, Map<String, String> tags) {

    public Attribution {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}

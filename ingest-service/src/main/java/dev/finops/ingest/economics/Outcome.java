package dev.finops.ingest.economics;

import java.time.Instant;

/** A business result a workload reports (a resolved ticket, a summarised document): the denominator of unit costs. */
public record Outcome(String outcomeId, String teamId, String type, long count, Instant timestamp, String agentId,
                      String feature, String customerId, String environment) {

    String fingerprint() {
        return dev.finops.http.auth.KeyHashing.sha256(String.join("\u001f", outcomeId, teamId, type,
                Long.toString(count), timestamp.toString(), String.valueOf(agentId), String.valueOf(feature),
                String.valueOf(customerId), String.valueOf(environment)));
    }
}

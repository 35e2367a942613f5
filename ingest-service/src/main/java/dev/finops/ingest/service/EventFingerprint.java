package dev.finops.ingest.service;

import dev.finops.cost.TokenUsage;
import dev.finops.http.auth.KeyHashing;
import dev.finops.ingest.UsageEvent;
import java.util.Map;

/**
 * SHA-256 of an event's normalised content: a replay of the same call hashes the same whatever
 * shape it was sent in, and any change of content under the same eventId is a conflict.
 */
final class EventFingerprint {

    private static final char SEP = '\u001f';

    private EventFingerprint() {
    }

    static String of(UsageEvent e) {
        TokenUsage t = e.tokens();
        StringBuilder sb = new StringBuilder(256);
        append(sb, e.eventId(), e.teamId(), e.timestamp().toString(), e.provider(), e.model(), e.status(),
                e.agentId(), e.feature(), e.environment(), e.customerId(), e.sessionId(), e.runId());
        append(sb, t.inputTokens(), t.cachedInputTokens(), t.cacheWriteInputTokens(), t.outputTokens(),
                t.reasoningTokens(), e.latencyMs(), e.toolCalls());
        for (Map.Entry<String, String> tag : e.tags().entrySet()) {
            append(sb, tag.getKey(), tag.getValue());
        }
        if (e.cachedTokensUnknown()) { // only when set: fingerprints of events stored before the flag stay the same
            append(sb, "cachedTokensUnknown");
        }
        return KeyHashing.sha256(sb.toString());
    }

    private static void append(StringBuilder sb, Object... values) {
        for (Object v : values) {
            sb.append(v == null ? "\u0000" : v.toString()).append(SEP);
        }
    }
}

package dev.finops.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One administrative change: who, when, what (kind, action, target, team) and the object before and after
 * (null before a create and after a delete). {@code service} names the trail it is from.
 */
public record AuditEntry(long id, String service, Instant at, String actor, String actorKeyId, String teamId,
                         String kind, String action, String target, JsonNode before, JsonNode after) {
}

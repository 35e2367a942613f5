package dev.finops.cache.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * A response to store, keyed like a lookup; tokens value its future hits; {@code ttlHours} may be fractional.
 * {@code teamId}: the team it is stored for, as in a lookup.
 */
public record StoreRequest(String namespace, String model, String prompt, JsonNode messages, JsonNode parameters,
                           JsonNode tools, String response, Long inputTokens, Long outputTokens, BigDecimal ttlHours,
                           String teamId) {
}

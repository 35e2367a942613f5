package dev.finops.cache.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * A lookup: either {@code prompt} or OpenAI-style {@code messages}; {@code threshold} can only be stricter than the
 * policy. {@code teamId}: the team looking up (a team key: its own; an org key names it, or omits it for the org's
 * own entries).
 */
public record LookupRequest(String namespace, String model, String prompt, JsonNode messages, JsonNode parameters,
                            JsonNode tools, BigDecimal threshold, String teamId) {
}

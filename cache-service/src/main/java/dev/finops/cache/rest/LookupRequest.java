package dev.finops.cache.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** A lookup: either {@code prompt} or OpenAI-style {@code messages}; {@code threshold} can only be stricter than the policy. */
public record LookupRequest(String namespace, String model, String prompt, JsonNode messages, JsonNode parameters,
                            JsonNode tools, BigDecimal threshold) {
}

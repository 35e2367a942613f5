package dev.finops.cache.rest;

import java.math.BigDecimal;

/**
 * A namespace's policy; an omitted field takes its default (enabled, finops.cache.default-threshold, 24 h, unbounded,
 * semantic). {@code teamId}: the team whose policy it is (a team key: its own, the default; an org key: omitted = the
 * org's policy, which applies to every team without its own).
 */
public record PolicyRequest(Boolean enabled, BigDecimal similarityThreshold, BigDecimal ttlHours, Integer maxEntries,
                            Boolean exactOnly, String teamId) {
}

package dev.finops.cache.rest;

import java.math.BigDecimal;

/** A namespace's policy; an omitted field takes its default (enabled, finops.cache.default-threshold, 24 h, unbounded, semantic). */
public record PolicyRequest(Boolean enabled, BigDecimal similarityThreshold, BigDecimal ttlHours, Integer maxEntries,
                            Boolean exactOnly) {
}

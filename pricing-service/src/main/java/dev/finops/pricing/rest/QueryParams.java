package dev.finops.pricing.rest;

import dev.finops.http.problem.ProblemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Query parameters parsed with a problem that names them. */
final class QueryParams {

    private QueryParams() {
    }

    static Instant instantOrNow(String name, String value) {
        if (value == null || value.isBlank()) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name, "must be an ISO-8601 timestamp with offset, e.g. 2026-01-01T00:00:00Z");
        }
    }

    static Long nonNegativeLong(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(value.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(name, "must be a rate version: a whole number >= 0");
    }

    static boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
            return Boolean.parseBoolean(value);
        }
        throw ProblemException.badRequest(name, "must be true or false");
    }
}

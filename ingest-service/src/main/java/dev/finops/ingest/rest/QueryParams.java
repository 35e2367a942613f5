package dev.finops.ingest.rest;

import dev.finops.http.problem.ProblemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Query and body values read by hand, so that a bad one is a 400 naming it (JAX-RS would answer 404). */
final class QueryParams {

    private QueryParams() {
    }

    static int intBetween(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(name, "must be a whole number between " + min + " and " + max);
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(name, "is required (ISO-8601, e.g. 2026-11-01T00:00:00Z)");
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name, "must be an ISO-8601 timestamp with offset, e.g. 2026-11-01T00:00:00Z");
        }
    }
}

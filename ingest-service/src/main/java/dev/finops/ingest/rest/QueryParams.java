package dev.finops.ingest.rest;

import dev.finops.http.problem.ProblemException;
import java.time.YearMonth;
import java.time.ZoneOffset;
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

    /** A calendar month such as 2026-11; absent means the current month (UTC). */
    static YearMonth month(String name, String value) {
        if (value == null) {
            return YearMonth.now(ZoneOffset.UTC);
        }
        try {
            return YearMonth.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name, "must be a month like 2026-11");
        }
    }

    /** The eventId of an action path such as {@code evt-1:void} (a regex template: "{id}:void" would not match). */
    static String eventIdOf(String target) {
        return target.substring(0, target.lastIndexOf(':'));
    }
}

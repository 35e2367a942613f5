package dev.finops.ingest.report;

import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the query parameters every report shares: {@code days} (1–90, trailing UTC days
 * including today) or {@code from}/{@code to} (ISO date or timestamp, half-open, aligned to whole
 * hours), and one filter per attribution dimension ({@code teamId=…&model=…}).
 */
public final class ReportWindow {

    public static final int MAX_DAYS = 90;

    private ReportWindow() {
    }

    public static ReportQuery parse(MultivaluedMap<String, String> params, int defaultDays, Clock clock) {
        String days = params.getFirst("days");
        String from = params.getFirst("from");
        String to = params.getFirst("to");
        Instant now = clock.instant();
        Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant start;
        if (from != null || to != null) {
            if (days != null) {
                throw ProblemException.badRequest("days", "give either days or from/to, not both");
            }
            start = floorHour(instant("from", from, true));
            end = to == null ? end : ceilHour(instant("to", to, true));
            if (!end.isAfter(start)) {
                throw ProblemException.badRequest("to", "must be after from");
            }
        } else {
            int n = days == null ? defaultDays : parseDays(days);
            start = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(n - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return new ReportQuery(start, end, filters(params));
    }

    static int parseDays(String days) {
        try {
            int n = Integer.parseInt(days.trim());
            if (n >= 1 && n <= MAX_DAYS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("days", "must be a whole number of days from 1 to " + MAX_DAYS
                + " (7, 30 and 90 are the usual windows)");
    }

    public static Map<Dimension, String> filters(MultivaluedMap<String, String> params) {
        Map<Dimension, String> filters = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            String v = params.getFirst(d.filterParam);
            if (v != null && !v.isBlank()) {
                filters.put(d, v);
            }
        }
        return filters;
    }

    /** An ISO timestamp with offset, or a date meaning its UTC midnight. */
    public static Instant instant(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw ProblemException.badRequest(field, "is required");
            }
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new ProblemException(Response.Status.BAD_REQUEST, field + ": must be a date (2026-11-01) or an "
                    + "ISO-8601 timestamp with offset (2026-11-01T00:00:00Z)",
                    List.of(new FieldError(field, "must be a date or an ISO-8601 timestamp")));
        }
    }

    static Instant floorHour(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS);
    }

    static Instant ceilHour(Instant t) {
        Instant floor = floorHour(t);
        return floor.equals(t) ? t : floor.plus(1, ChronoUnit.HOURS);
    }
}

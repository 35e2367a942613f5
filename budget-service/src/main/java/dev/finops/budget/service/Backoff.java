package dev.finops.budget.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** When to try a failed delivery again: the schedule for the attempt, +-20% jitter, Retry-After if later, at most 24 h. */
final class Backoff {

    static final Duration CAP = Duration.ofHours(24);

    private Backoff() {
    }

    /** @param attempts attempts made so far, including the one that just failed (1 = first failure) */
    static Duration after(List<Duration> schedule, int attempts, Duration retryAfter) {
        Duration base = schedule.get(Math.min(attempts, schedule.size()) - 1);
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        Duration wait = Duration.ofMillis((long) (base.toMillis() * jitter));
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        return wait.compareTo(CAP) > 0 ? CAP : wait;
    }

    /** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }
}

package dev.finops.anomaly;

import dev.finops.anomaly.repository.SessionMinuteRepository.SessionMinute;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One session's minute buckets (immutable, as committed). The window at {@code now} is the last
 * {@code length} minutes ending with the current one; its USD over the window length is the burn rate.
 */
public record BurnRateWindow(String sessionKey, List<SessionMinute> buckets) {

    /** Decimal places kept for USD/hour (money keeps at least 10). */
    public static final int RATE_SCALE = 10;

    /** The first minute of the window that ends with the minute of {@code now}. */
    public static Instant start(Instant now, Duration length) {
        return now.truncatedTo(ChronoUnit.MINUTES).minus(length).plus(Duration.ofMinutes(1));
    }

    /** The session's burn rate at {@code now}, or null when it has no events in the window. */
    public BurnRate at(Instant now, Duration length) {
        Instant from = start(now, length);
        BigDecimal usd = BigDecimal.ZERO;
        long calls = 0;
        long tokens = 0;
        long errors = 0;
        Instant last = null;
        SessionMinute latest = null;
        for (SessionMinute b : buckets) {
            if (b.minute().isBefore(from) || b.minute().isAfter(now)) {
                continue;
            }
            usd = usd.add(b.usd());
            calls += b.calls();
            tokens += b.tokens();
            errors += b.errors();
            last = last == null || b.lastEventAt().isAfter(last) ? b.lastEventAt() : last;
            latest = b;
        }
        if (latest == null) {
            return null;
        }
        BigDecimal perHour = usd.multiply(BigDecimal.valueOf(3600))
                .divide(BigDecimal.valueOf(length.toSeconds()), RATE_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return new BurnRate(sessionKey, agentId(), teamId(), usd, perHour, from, last, calls, tokens, errors);
    }

    /** True when every bucket is older than the window at {@code now}: the session is over. */
    public boolean expired(Instant now, Duration length) {
        Instant from = start(now, length);
        return buckets.stream().allMatch(b -> b.minute().isBefore(from));
    }

    private String agentId() {
        for (int i = buckets.size() - 1; i >= 0; i--) {
            if (buckets.get(i).agentId() != null) {
                return buckets.get(i).agentId();
            }
        }
        return null;
    }

    private String teamId() {
        for (int i = buckets.size() - 1; i >= 0; i--) {
            if (buckets.get(i).teamId() != null) {
                return buckets.get(i).teamId();
            }
        }
        return null;
    }
}

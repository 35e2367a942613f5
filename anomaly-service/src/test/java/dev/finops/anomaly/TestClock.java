package dev.finops.anomaly;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/** Replaces the service's system clock in tests: time moves only when a test moves it. */
@Singleton
public class TestClock extends Clock {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    /**
     * Moves to 10:00 UTC of a random day centuries ahead, where no other test (of this or an earlier run,
     * the database persists) has usage: org-wide sums and "no anomalies" are then this test's alone.
     */
    public Instant era() {
        long day = ThreadLocalRandom.current().nextLong(1, 200_000);
        Instant start = Instant.parse("2100-01-01T10:00:00Z").plus(Duration.ofDays(day));
        now.set(start);
        return start;
    }

    public void set(Instant at) {
        now.set(at);
    }

    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

package dev.finops.ingest.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Objects;

/** One row of {@code usage_hourly}: the sums of one hour for one combination of attribution dimensions. */
public final class HourlyRollup {

    /** The dimensions; absent values are "" so that the row has one identity. */
    public record Key(Instant hour, String teamId, String agentId, String feature, String environment,
                      String customerId, String provider, String model) implements Comparable<Key> {

        private static final Comparator<Key> ORDER = Comparator.comparing(Key::hour).thenComparing(Key::teamId)
                .thenComparing(Key::agentId).thenComparing(Key::feature).thenComparing(Key::environment)
                .thenComparing(Key::customerId).thenComparing(Key::provider).thenComparing(Key::model);

        public static Key of(Instant ts, String teamId, String agentId, String feature, String environment,
                             String customerId, String provider, String model) {
            return new Key(ts.truncatedTo(ChronoUnit.HOURS), teamId, blank(agentId), blank(feature),
                    blank(environment), blank(customerId), blank(provider), model);
        }

        private static String blank(String s) {
            return Objects.requireNonNullElse(s, "");
        }

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }

    final Key key;
    long events;
    long errorEvents;
    long unpricedEvents;
    long inputTokens;
    long cachedInputTokens;
    long cacheWriteInputTokens;
    long outputTokens;
    long reasoningTokens;
    BigDecimal costUsd = BigDecimal.ZERO;
    /** The part of costUsd valued at a provisional rate (negative when a revaluation takes it back). */
    BigDecimal provisionalUsd = BigDecimal.ZERO;

    public HourlyRollup(Key key) {
        this.key = key;
    }

    public Key key() {
        return key;
    }

    /** Adds one stored event (tokens, counts and its cost when priced). */
    public void addEvent(long input, long cached, long cacheWrite, long output, long reasoning, boolean error,
                         BigDecimal cost) {
        events++;
        errorEvents += error ? 1 : 0;
        inputTokens += input;
        cachedInputTokens += cached;
        cacheWriteInputTokens += cacheWrite;
        outputTokens += output;
        reasoningTokens += reasoning;
        addCost(cost, false);
    }

    /** Adds a cost; {@code pricesUnpriced} when it is the first valuation of an event stored unpriced. */
    public void addCost(BigDecimal cost, boolean pricesUnpriced) {
        if (cost == null) {
            unpricedEvents++;
        } else {
            costUsd = costUsd.add(cost);
            unpricedEvents -= pricesUnpriced ? 1 : 0;
        }
    }

    /** Marks part of the cost as provisional (negative: a provisional valuation replaced by an exact one). */
    public void addProvisional(BigDecimal cost) {
        provisionalUsd = provisionalUsd.add(cost);
    }

    /** Adds token deltas without counting a call (a correction of an event's tokens). */
    public void addTokens(long input, long cached, long cacheWrite, long output, long reasoning) {
        inputTokens += input;
        cachedInputTokens += cached;
        cacheWriteInputTokens += cacheWrite;
        outputTokens += output;
        reasoningTokens += reasoning;
    }
}

package dev.finops.bench;

import java.time.Duration;
import java.util.List;

/**
 * How long and how often each measurement runs: the default run (< 15 min) or --quick (< 3 min, one repetition).
 * {@code gateway}: each open-loop run of the gateway benchmark (direct and through the gateway, per rate and shape).
 */
public record Plan(boolean quick, int reps, Duration warmUp, Duration steady, Duration check, Duration throughputBatch,
                   Duration throughputSingle, Duration scalingStep, List<Integer> scalingClients, int rawRows,
                   long storedEvents, int cacheLookupRate, Duration cacheLookups, int searchQueries, int mrpcPairs,
                   List<Integer> cacheSizes, Duration gateway) {

    public static Plan full() {
        return new Plan(false, 3, Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(6),
                Duration.ofSeconds(60), Duration.ofSeconds(8), Duration.ofSeconds(3), List.of(1, 2, 4, 8, 16), 150_000,
                1_000_000, 5, Duration.ofSeconds(8), 100, 600, List.of(10_000, 100_000), Duration.ofSeconds(6));
    }

    public static Plan quickPlan() {
        return new Plan(true, 1, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(5), Duration.ofSeconds(3), List.of(1, 4, 16), 50_000, 0, 5,
                Duration.ofSeconds(5), 50, 200, List.of(10_000), Duration.ofSeconds(3));
    }

    /** The note every figure of a quick run carries. */
    public String repetitionsNote() {
        return quick ? "--quick: " + reps + " repetition(s), shorter runs" : reps + " repetitions";
    }
}

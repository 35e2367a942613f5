package dev.finops.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What a hop adds, from two runs of the same open-loop load in the same minute: one straight to the upstream, one
 * through the hop. The added latency at a percentile is the difference of the two runs' values at that percentile
 * (the two paths serve different requests, so no single request's overhead is known). Histograms in microseconds,
 * results in milliseconds; HdrHistogram with 3 significant digits resolves about 20 µs at a 20 ms upstream delay.
 */
public final class Overhead {

    private Overhead() {
    }

    public static double addedMillis(Histogram through, Histogram direct, double percentile) {
        if (through.getTotalCount() == 0 || direct.getTotalCount() == 0) {
            return Double.NaN;
        }
        return (through.getValueAtPercentile(percentile) - direct.getValueAtPercentile(percentile)) / 1000.0;
    }
}

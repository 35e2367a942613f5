package dev.finops.bench.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** One figure over its repetitions: min, median and max (the median of an even count is the mean of the middle two). */
public record Spread(double min, double median, double max, List<Double> values) {

    public static Spread of(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one measured value");
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(sorted.get(0), median, sorted.get(n - 1), List.copyOf(values));
    }

    public static Spread single(double value) {
        return of(List.of(value));
    }

    public int repetitions() {
        return values.size();
    }
}

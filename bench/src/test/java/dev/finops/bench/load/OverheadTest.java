package dev.finops.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class OverheadTest {

    /** 1,000 direct calls at 20.0–21.0 ms; through the hop the same plus 0.25 ms, and 2 % of them plus 3 ms more. */
    @Test
    void theAddedLatencyAtAPercentileIsTheDifferenceOfThePercentiles() {
        Histogram direct = new Histogram(120_000_000L, 3);
        Histogram through = new Histogram(120_000_000L, 3);
        for (int i = 0; i < 1000; i++) {
            long micros = 20_000 + i;
            direct.recordValue(micros);
            through.recordValue(micros + 250 + (i % 50 == 0 ? 3_000 : 0));
        }
        double p50 = Overhead.addedMillis(through, direct, 50);
        assertEquals(0.25, p50, 0.04, "p50: the constant overhead, within the histogram's resolution");
        double p99 = Overhead.addedMillis(through, direct, 99);
        assertTrue(p99 > 2.5 && p99 < 3.5, "p99: the slow 2 % show only at the tail: " + p99);
        assertEquals(0, Overhead.addedMillis(direct, direct, 99.9), 1e-9);
        assertTrue(Double.isNaN(Overhead.addedMillis(new Histogram(3), direct, 50)), "no calls, no figure");
    }
}

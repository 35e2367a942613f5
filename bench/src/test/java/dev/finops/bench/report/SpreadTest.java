package dev.finops.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void oddCountTakesTheMiddleValueWhateverTheOrder() {
        Spread s = Spread.of(List.of(9.0, 1.0, 4.0));
        assertEquals(1.0, s.min());
        assertEquals(4.0, s.median());
        assertEquals(9.0, s.max());
        assertEquals(List.of(9.0, 1.0, 4.0), s.values(), "the repetitions stay in the order they ran");
    }

    @Test
    void evenCountAveragesTheMiddleTwo() {
        assertEquals(2.5, Spread.of(List.of(4.0, 1.0, 2.0, 3.0)).median());
    }

    @Test
    void noValueIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Spread.of(List.of()));
    }

    @Test
    void targetsAreJudgedOnTheMedian() {
        Figure f = new Figure("x", "s", "p99", "ms", Spread.of(List.of(3.0, 4.0, 20.0)), Target.below(5), "");
        assertTrue(f.met(), "one slow repetition does not decide");
        Figure g = new Figure("y", "s", "rate", "events/s", Spread.of(List.of(24_000.0, 26_000.0, 24_500.0)),
                Target.atLeast(25_000), "");
        assertFalse(g.met());
        assertEquals(null, new Figure("z", "s", "n", "", Spread.single(1), null, "").met());
    }
}

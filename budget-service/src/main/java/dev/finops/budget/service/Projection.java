package dev.finops.budget.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Run-rate arithmetic shared by status and burn-down; money keeps 10 fractional digits. */
final class Projection {

    static final int SCALE = 10;
    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

    private Projection() {
    }

    /** USD per day from spend over a duration; zero for an empty duration. */
    static BigDecimal perDay(BigDecimal spent, Duration over) {
        if (over.isZero() || over.isNegative()) {
            return BigDecimal.ZERO;
        }
        BigDecimal seconds = BigDecimal.valueOf(over.toMillis()).movePointLeft(3);
        return spent.multiply(SECONDS_PER_DAY).divide(seconds, SCALE, RoundingMode.HALF_UP);
    }

    /** spent + rate × remaining. */
    static BigDecimal extend(BigDecimal spent, BigDecimal perDay, Duration remaining) {
        BigDecimal days = BigDecimal.valueOf(Math.max(0, remaining.toMillis())).movePointLeft(3)
                .divide(SECONDS_PER_DAY, SCALE, RoundingMode.HALF_UP);
        return spent.add(perDay.multiply(days)).setScale(SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}

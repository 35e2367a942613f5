package dev.finops.bench.report;

/** A target from issue 10, judged on a figure's median. */
public record Target(Direction direction, double bound) {

    public enum Direction { AT_LEAST, BELOW, AT_MOST }

    public static Target atLeast(double bound) {
        return new Target(Direction.AT_LEAST, bound);
    }

    public static Target below(double bound) {
        return new Target(Direction.BELOW, bound);
    }

    /** For counts that must stay at a bound, e.g. at most 0 errors. */
    public static Target atMost(double bound) {
        return new Target(Direction.AT_MOST, bound);
    }

    public boolean metBy(double value) {
        return switch (direction) {
            case AT_LEAST -> value >= bound;
            case BELOW -> value < bound;
            case AT_MOST -> value <= bound;
        };
    }

    public String text() {
        return switch (direction) {
            case AT_LEAST -> "≥ ";
            case BELOW -> "< ";
            case AT_MOST -> "≤ ";
        } + Figure.format(bound);
    }
}

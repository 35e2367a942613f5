package dev.finops.bench.report;

/** A target from issue 10, judged on a figure's median. */
public record Target(Direction direction, double bound) {

    public enum Direction { AT_LEAST, BELOW }

    public static Target atLeast(double bound) {
        return new Target(Direction.AT_LEAST, bound);
    }

    public static Target below(double bound) {
        return new Target(Direction.BELOW, bound);
    }

    public boolean metBy(double value) {
        return direction == Direction.AT_LEAST ? value >= bound : value < bound;
    }

    public String text() {
        return (direction == Direction.AT_LEAST ? "≥ " : "< ") + Figure.format(bound);
    }
}

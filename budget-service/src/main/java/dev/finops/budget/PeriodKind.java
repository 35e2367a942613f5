package dev.finops.budget;

/** How long a budget's period runs: a local day, an ISO week (Monday to Monday) or a calendar month. */
public enum PeriodKind {
    daily, weekly, monthly;

    public static PeriodKind parse(String value) {
        for (PeriodKind p : values()) {
            if (p.name().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("must be one of daily, weekly, monthly");
    }
}

package dev.finops.ingest.report;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An attribution dimension of the hourly rollups, usable to group or filter every report. */
public enum Dimension {
    team("team_id", "teamId"),
    agent("agent_id", "agentId"),
    feature("feature", "feature"),
    customer("customer_id", "customerId"),
    environment("environment", "environment"),
    provider("provider", "provider"),
    model("model", "model");

    final String column;
    /** The query parameter that filters on this dimension (the event's field name). */
    public final String filterParam;

    Dimension(String column, String filterParam) {
        this.column = column;
        this.filterParam = filterParam;
    }

    /** The rollup column of this dimension (a constant, safe to put in SQL). */
    public String column() {
        return column;
    }

    public static Dimension parse(String field, String value) {
        for (Dimension d : values()) {
            if (d.name().equals(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException(field + " must be one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}

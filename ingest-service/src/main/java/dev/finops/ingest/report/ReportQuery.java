package dev.finops.ingest.report;

import java.time.Instant;
import java.util.Map;

/** A half-open, hour-aligned time range of the rollups and the dimension values to keep. */
public record ReportQuery(Instant from, Instant to, Map<Dimension, String> filters) {

    public ReportQuery between(Instant newFrom, Instant newTo) {
        return new ReportQuery(newFrom, newTo, filters);
    }
}

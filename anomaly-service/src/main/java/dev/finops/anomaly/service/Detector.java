package dev.finops.anomaly.service;

import dev.finops.anomaly.Finding;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;

/** A check run on a schedule: a finding per subject it has enough data for, breached or not (for hysteresis). */
public interface Detector {

    /** The anomaly type it reports, e.g. {@code daily_spend}. */
    String type();

    /** Switched on in configuration. */
    boolean enabled();

    Uni<List<Finding>> findings(SqlClient sql, Instant now);
}

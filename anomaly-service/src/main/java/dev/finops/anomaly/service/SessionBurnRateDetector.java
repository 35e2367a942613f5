package dev.finops.anomaly.service;

import dev.finops.anomaly.Finding;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Records runaway sessions (the live check of /anomalies/active) in the history, so they alert and resolve too. */
@ApplicationScoped
public class SessionBurnRateDetector implements Detector {

    private final SessionAnomalies sessions;

    public SessionBurnRateDetector(SessionAnomalies sessions) {
        this.sessions = sessions;
    }

    @Override
    public String type() {
        return SessionAnomalies.TYPE;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Uni<List<Finding>> findings(SqlClient sql, Instant now) {
        return sessions.findings();
    }
}

package dev.finops.anomaly.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.anomaly.Anomaly;
import dev.finops.anomaly.repository.OutboxRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alert budget-service receives for an anomaly (POST /api/v1/alerts), queued in the outbox within the
 * transaction that opened or resolved it. Firing and resolution share the anomaly's dedupKey. {@code teamId} (also in
 * {@code details.teamId}) is the team the anomaly is about, so budget-service routes it to that team's channels.
 */
@ApplicationScoped
public class AlertHandover {

    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    private final OutboxRepository outbox;
    private final ObjectMapper json;

    public AlertHandover(OutboxRepository outbox, ObjectMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    public Uni<Void> firing(SqlClient tx, Anomaly a, Instant now) {
        return outbox.add(tx, a.dedupKey(), FIRING, payload(a, FIRING), now);
    }

    public Uni<Void> resolved(SqlClient tx, Anomaly a, Instant now) {
        return outbox.add(tx, a.dedupKey(), RESOLVED, payload(a, RESOLVED), now);
    }

    private String payload(Anomaly a, String state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dedupKey", a.dedupKey());
        body.put("source", "anomaly-service");
        body.put("type", "anomaly." + a.type());
        body.put("severity", severity(a));
        body.put("summary", (RESOLVED.equals(state) ? "Resolved: " : "") + a.explanation());
        body.put("teamId", a.teamId());  // the team whose channels get it (null: an org-level anomaly)
        body.put("details", a);
        body.put("state", state);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert payload not serialisable", e);
        }
    }

    /** Twice the limit or more is critical; a runaway session is always critical (it burns money right now). */
    private static String severity(Anomaly a) {
        boolean doubled = a.peakRatio().compareTo(a.threshold().multiply(BigDecimal.valueOf(2))) >= 0;
        return doubled || SessionAnomalies.TYPE.equals(a.type()) ? "critical" : "warning";
    }
}

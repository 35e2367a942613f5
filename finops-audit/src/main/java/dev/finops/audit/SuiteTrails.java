package dev.finops.audit;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;

/**
 * The other services' trails, for the one service that serves the merged view (ingest, which owns the keys). Asked
 * with the caller's own key, so each service applies the caller's scope itself.
 */
public interface SuiteTrails {

    record Query(Instant since, String kind, String actor, int limit) {
    }

    Uni<List<AuditEntry>> fetch(String authorization, Query query);
}

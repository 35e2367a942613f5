package dev.finops.ingest.client;

import dev.finops.audit.AuditEntry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/** Another service's GET /api/v1/audit (finops-audit's AuditResource), asked with the caller's own key. */
@Path("/api/v1/audit")
public interface AuditTrailClient {

    @GET
    Uni<List<AuditEntry>> list(@HeaderParam("Authorization") String authorization, @QueryParam("since") String since,
                               @QueryParam("kind") String kind, @QueryParam("actor") String actor,
                               @QueryParam("limit") int limit);
}

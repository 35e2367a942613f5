package dev.finops.ingest.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.math.BigDecimal;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** cache-service's ROI statistics, the few fields the summary shows; teamId (null: every team) narrows them. */
@Path("/api/v1/finops/roi-stats")
@RegisterRestClient(configKey = "cache")
public interface CacheStatsClient {

    record RoiStats(BigDecimal hitRate, Long hits, Long misses, BigDecimal cacheSavingsUsd) {
    }

    @GET
    @Timeout(1500)
    Uni<RoiStats> roiStats(@HeaderParam("Authorization") String serviceAuthorization,
                           @QueryParam("teamId") String teamId);
}

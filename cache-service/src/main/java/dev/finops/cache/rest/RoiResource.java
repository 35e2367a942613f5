package dev.finops.cache.rest;

import dev.finops.cache.service.Prompts;
import dev.finops.cache.service.RoiService;
import dev.finops.cache.service.RoiService.ImpactPoint;
import dev.finops.cache.service.RoiService.RoiStats;
import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/finops")
@Tag(name = "cache ROI", description = "What the cache saved and cost")
@Produces(MediaType.APPLICATION_JSON)
public class RoiResource {

    private final RoiService roi;
    private final SecurityIdentity identity;

    public RoiResource(RoiService roi, SecurityIdentity identity) {
        this.roi = roi;
        this.identity = identity;
    }

    /**
     * Since the first recorded lookup; {@code namespace} narrows it to one namespace. A team key counts its team's
     * lookups only; an org key every team's, or one team's with {@code teamId}.
     */
    @GET
    @Path("/roi-stats")
    @RolesAllowed(Role.READER)
    public Uni<RoiStats> roiStats(@QueryParam("namespace") String namespace, @QueryParam("teamId") String teamId) {
        if (namespace != null) {
            Prompts.requireNamespace(namespace);
        }
        return roi.roi(namespace, TeamScope.of(identity).resolve("teamId", teamId));
    }

    @GET
    @Path("/cache-impact")
    @RolesAllowed(Role.READER)
    public Uni<Map<String, Object>> cacheImpact(@QueryParam("days") @DefaultValue("7") String days,
                                                @QueryParam("bucket") @DefaultValue("day") String bucket,
                                                @QueryParam("namespace") String namespace,
                                                @QueryParam("teamId") String teamId) {
        int d = EntryResource.intParam("days", days, 1, 90);
        if (!bucket.equals("hour") && !bucket.equals("day")) {
            throw ProblemException.badRequest("bucket", "hour or day");
        }
        if (namespace != null) {
            Prompts.requireNamespace(namespace);
        }
        int count = bucket.equals("hour") ? d * 24 : d;
        String team = TeamScope.of(identity).resolve("teamId", teamId);
        Uni<List<ImpactPoint>> series = roi.impact(bucket, count, namespace, team);
        return series.map(points -> Map.of("days", d, "bucket", bucket, "series", points));
    }
}

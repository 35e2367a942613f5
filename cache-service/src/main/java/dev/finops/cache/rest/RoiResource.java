package dev.finops.cache.rest;

import dev.finops.cache.service.Prompts;
import dev.finops.cache.service.RoiService;
import dev.finops.cache.service.RoiService.ImpactPoint;
import dev.finops.cache.service.RoiService.RoiStats;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.ProblemException;
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

    public RoiResource(RoiService roi) {
        this.roi = roi;
    }

    /** Since the first recorded lookup; {@code namespace} narrows it to one namespace. */
    @GET
    @Path("/roi-stats")
    @RolesAllowed(Role.READER)
    public Uni<RoiStats> roiStats(@QueryParam("namespace") String namespace) {
        if (namespace != null) {
            Prompts.requireNamespace(namespace);
        }
        return roi.roi(namespace);
    }

    @GET
    @Path("/cache-impact")
    @RolesAllowed(Role.READER)
    public Uni<Map<String, Object>> cacheImpact(@QueryParam("days") @DefaultValue("7") String days,
                                                @QueryParam("bucket") @DefaultValue("day") String bucket,
                                                @QueryParam("namespace") String namespace) {
        int d = EntryResource.intParam("days", days, 1, 90);
        if (!bucket.equals("hour") && !bucket.equals("day")) {
            throw ProblemException.badRequest("bucket", "hour or day");
        }
        if (namespace != null) {
            Prompts.requireNamespace(namespace);
        }
        int count = bucket.equals("hour") ? d * 24 : d;
        Uni<List<ImpactPoint>> series = roi.impact(bucket, count, namespace);
        return series.map(points -> Map.of("days", d, "bucket", bucket, "series", points));
    }
}

package dev.finops.cache.rest;

import dev.finops.cache.service.Purger;
import dev.finops.http.auth.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs the scheduled purge of expired entries now. */
@Path("/api/v1/cache/admin/purge")
@Tag(name = "cache", description = "Semantic cache")
@Produces(MediaType.APPLICATION_JSON)
public class PurgeResource {

    private final Purger purger;

    public PurgeResource(Purger purger) {
        this.purger = purger;
    }

    @POST
    @RolesAllowed(Role.ADMIN)
    public Uni<Map<String, Integer>> purge() {
        return purger.purge().map(n -> Map.of("purged", n));
    }
}

package dev.finops.pricing.rest;

import dev.finops.audit.Actor;
import dev.finops.http.auth.Role;
import dev.finops.pricing.ValuationRate;
import dev.finops.pricing.repository.RefreshHoldRepository;
import dev.finops.pricing.service.PriceMapRefresh;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/finops/valuation-rates/refresh")
@Tag(name = "valuation-rates", description = "Versioned per-model token prices")
@Produces(MediaType.APPLICATION_JSON)
public class RefreshResource {

    /** Which held changes to apply; absent or empty: all of them. */
    public record Confirm(List<String> modelIds) {
    }

    private final PriceMapRefresh refresh;
    private final SecurityIdentity identity;

    public RefreshResource(PriceMapRefresh refresh, SecurityIdentity identity) {
        this.refresh = refresh;
        this.identity = identity;
    }

    @GET
    @Path("/preview")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Fetch the configured price map and show what a refresh would change, storing nothing",
            description = "409 when finops.pricing.refresh.url is not set; 502 when the map cannot be fetched.")
    public Uni<PriceMapRefresh.Diff> preview() {
        return refresh.preview();
    }

    @POST
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Refresh now: apply the changes that pass the sanity check, hold the others")
    public Uni<PriceMapRefresh.Diff> refreshNow() {
        return refresh.refresh(Actor.of(identity));
    }

    @GET
    @Path("/held")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Changes held because a rate moved by more than finops.pricing.refresh.max-factor")
    public Uni<List<RefreshHoldRepository.Hold>> held() {
        return refresh.held();
    }

    @POST
    @Path("/confirm")
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Apply held changes (the named models, or all), each as a new rate version")
    public Uni<List<ValuationRate>> confirm(Confirm body) {
        Set<String> models = body == null || body.modelIds() == null ? Set.of() : Set.copyOf(body.modelIds());
        return refresh.confirm(models, Actor.of(identity));
    }
}

package dev.finops.ingest.rest;

import dev.finops.http.auth.Role;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.report.ReportWindow;
import dev.finops.ingest.service.ProvisionalRevaluer;
import dev.finops.ingest.service.RateRefresher;
import dev.finops.ingest.service.RevaluationService;
import dev.finops.ingest.service.RevaluationService.Revaluation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/usage")
@Tag(name = "valuation", description = "How ingest values events")
@Produces(MediaType.APPLICATION_JSON)
public class RevaluationResource {

    /** Which events to value again: a model (reported name or model id) and a half-open time range. */
    public record RevalueRequest(String model, String from, String to) {
    }

    private final RevaluationService revaluation;
    private final RateRefresher refresher;
    private final ProvisionalRevaluer provisional;

    public RevaluationResource(RevaluationService revaluation, RateRefresher refresher,
                               ProvisionalRevaluer provisional) {
        this.revaluation = revaluation;
        this.refresher = refresher;
        this.provisional = provisional;
    }

    @POST
    @Path("/revalue")
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Price again the events of a model in [from, to) with the rate effective at each event",
            description = "Unpriced events get their first valuation; priced ones a correction if their rate changed "
                    + "afterwards. Corrections appear in the feed as kind 'revaluation'. Idempotent: a second run "
                    + "changes nothing.")
    public Uni<Revaluation> revalue(RevalueRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "send {\"model\": ..., \"from\": ..., \"to\": ...}");
        }
        if (request.model() == null || request.model().isBlank()) {
            throw ProblemException.badRequest("model", "is required");
        }
        Instant from = ReportWindow.instant("from", request.from(), true);
        Instant to = ReportWindow.instant("to", request.to(), true);
        if (!to.isAfter(from)) {
            throw ProblemException.badRequest("to", "must be after from");
        }
        return revaluation.revalue(request.model(), from, to);
    }

    @GET
    @Path("/rate-table")
    @RolesAllowed(Role.READER)
    @Operation(summary = "The rate table ingest prices with: newest version, models, last refresh from pricing-service")
    public RateRefresher.Status rateTable() {
        return refresher.status();
    }

    @POST
    @Path("/rate-table/refresh")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Fetch new rate versions from pricing-service now",
            description = "Then values exactly the provisional events of every model that now has a rate.")
    public Uni<RateRefresher.Status> refresh() {
        return refresher.refresh().onFailure().recoverWithItem(e -> refresher.status())
                .call(status -> provisional.revalueNowPriced().onFailure().recoverWithNull());
    }
}

package dev.finops.pricing.rest;

import dev.finops.audit.Actor;
import dev.finops.http.auth.Role;
import io.quarkus.security.identity.SecurityIdentity;
import dev.finops.http.problem.ProblemException;
import dev.finops.pricing.ValuationRate;
import dev.finops.pricing.service.RateBook;
import dev.finops.pricing.service.RateInput;
import dev.finops.pricing.service.RateService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/finops")
@Tag(name = "valuation-rates", description = "Versioned per-model token prices")
@Produces(MediaType.APPLICATION_JSON)
public class RateResource {

    private final RateService rates;
    private final RateBook book;
    private final SecurityIdentity identity;

    public RateResource(RateService rates, RateBook book, SecurityIdentity identity) {
        this.rates = rates;
        this.book = book;
        this.identity = identity;
    }

    @GET
    @Path("/valuation-rates")
    @RolesAllowed(Role.READER)
    @Operation(summary = "The current rate of every model, or the change feed of rate versions",
            description = "Without 'since': the rate in effect now (or at 'at') of every model. With 'since': every "
                    + "version created after that version, whether effective in the past, now or in the future, in "
                    + "version order (ingest-service refreshes its rate table with it). Supports ETag/If-None-Match.")
    public Response list(@QueryParam("since") String since, @QueryParam("at") String at,
                         @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Long sinceVersion = QueryParams.nonNegativeLong("since", since);
        if (sinceVersion != null) {
            if (at != null) {
                throw ProblemException.badRequest("at", "cannot be combined with since");
            }
            List<ValuationRate> feed = book.since(sinceVersion);
            long newest = feed.isEmpty() ? sinceVersion : feed.get(feed.size() - 1).version();
            return ETags.ok(feed, "feed-" + sinceVersion + "-" + newest, ifNoneMatch);
        }
        List<ValuationRate> current = book.effectiveAt(QueryParams.instantOrNow("at", at));
        // Versions are immutable, so the set of versions shown identifies the answer.
        String tag = "rates-" + book.version() + "-" + current.size() + "-"
                + Integer.toHexString(current.stream().map(ValuationRate::version).toList().hashCode());
        return ETags.ok(current, tag, ifNoneMatch);
    }

    @PUT
    @Path("/valuation-rates")
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a new version of a model's rate (USD per 1K tokens)",
            description = "effectiveFrom defaults to now; in the past it corrects history, in the future it announces "
                    + "a price change. Nothing is overwritten: every change is a new version.")
    public Uni<ValuationRate> put(RateInput input) {
        if (input == null) {
            throw ProblemException.badRequest("body", "send {\"modelId\": ..., \"inputRatePerKTokens\": ..., "
                    + "\"outputRatePerKTokens\": ...}");
        }
        return rates.put(input, Actor.of(identity));
    }

    @GET
    @Path("/valuation-rates/{modelId: .+}")
    @RolesAllowed(Role.READER)
    @Operation(summary = "The rate of a model (or a name it is reported under) in effect now, or at 'at'")
    public ValuationRate get(@PathParam("modelId") String modelId, @QueryParam("at") String at) {
        return rates.rateAt(modelId, QueryParams.instantOrNow("at", at), "lookup");
    }

    @GET
    @Path("/valuation-rates/{modelId: .+}/history")
    @RolesAllowed(Role.READER)
    @Operation(summary = "Every version of a model's rate, by effectiveFrom then version")
    public List<ValuationRate> history(@PathParam("modelId") String modelId) {
        return rates.history(modelId);
    }
}

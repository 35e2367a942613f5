package dev.finops.ingest.rest;

import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.economics.UnitEconomicsService;
import dev.finops.ingest.report.Dimension;
import dev.finops.ingest.report.ReportQuery;
import dev.finops.ingest.report.ReportWindow;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reads are scoped to the caller's team like every report; revenue is the org's (admin only). */
@Path("/api/v1/finops")
@Tag(name = "unit economics", description = "Business outcomes and the cost per outcome")
@Produces(MediaType.APPLICATION_JSON)
public class UnitEconomicsResource {

    /** Revenue of one customer in one month (YYYY-MM), exact USD. */
    public record Revenue(String month, BigDecimal revenueUsd) {
    }

    private final UnitEconomicsService economics;
    private final SecurityIdentity identity;

    public UnitEconomicsResource(UnitEconomicsService economics, SecurityIdentity identity) {
        this.economics = economics;
        this.identity = identity;
    }

    @GET
    @Path("/unit-costs")
    @RolesAllowed(Role.READER)
    @Operation(summary = "Cost per outcome (e.g. USD per resolved ticket), per groupBy (team, agent, feature, "
            + "customer, environment; default team), over days or from/to")
    public Uni<UnitEconomicsService.UnitCosts> unitCosts(@Context UriInfo uri, @QueryParam("outcome") String outcome,
                                                         @QueryParam("groupBy") String groupBy) {
        if (outcome == null || outcome.isBlank()) {
            throw ProblemException.badRequest("outcome", "is required: the outcome type, e.g. ticket_resolved");
        }
        Dimension d = groupBy == null ? Dimension.team : ReportResource.dimension("groupBy", groupBy);
        if (!UnitEconomicsService.OUTCOME_DIMENSIONS.contains(d)) {
            throw ProblemException.badRequest("groupBy", "outcomes can be grouped by team, agent, feature, customer "
                    + "or environment");
        }
        return economics.unitCosts(ReportWindow.parse(uri.getQueryParameters(), 30, Clock.systemUTC())
                .within(TeamScope.of(identity)), outcome, d);
    }

    @GET
    @Path("/customers")
    @RolesAllowed(Role.READER)
    @Operation(summary = "AI cost per customer in a month (default this month), and its share of the customer's "
            + "revenue where finance supplied it")
    public Uni<UnitEconomicsService.Customers> customers(@Context UriInfo uri, @QueryParam("month") String month) {
        return economics.customers(QueryParams.month("month", month),
                ReportQuery.within(ReportWindow.filters(uri.getQueryParameters()), TeamScope.of(identity)));
    }

    @PUT
    @Path("/customers/{customerId}/revenue")
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a customer's revenue for a month: {\"month\": \"2026-11\", \"revenueUsd\": 12000.00}")
    public Uni<Response> setRevenue(@PathParam("customerId") String customerId, Revenue revenue) {
        if (revenue == null) {
            throw ProblemException.badRequest("body", "send {\"month\": \"YYYY-MM\", \"revenueUsd\": ...}");
        }
        if (revenue.month() == null) {
            throw ProblemException.badRequest("month", "is required, e.g. 2026-11");
        }
        YearMonth m = QueryParams.month("month", revenue.month());
        if (revenue.revenueUsd() == null || revenue.revenueUsd().signum() < 0) {
            throw ProblemException.badRequest("revenueUsd", "is required and must not be negative");
        }
        return economics.setRevenue(customerId, m, revenue.revenueUsd()).replaceWith(Response.noContent().build());
    }
}

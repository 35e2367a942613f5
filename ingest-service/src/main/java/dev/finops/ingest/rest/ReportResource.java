package dev.finops.ingest.rest;

import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.report.ChargebackService;
import dev.finops.ingest.report.Dimension;
import dev.finops.ingest.report.ReportQuery;
import dev.finops.ingest.report.ReportService;
import dev.finops.ingest.report.ReportWindow;
import dev.finops.ingest.report.SpendOutlookService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Attribution reports, all from the hourly rollups. Every report takes {@code days} (1–90) or
 * {@code from}/{@code to}, and filters teamId, agentId, feature, customerId, environment, provider, model. A key
 * bound to a team sees only its team: teamId defaults to it, another teamId is 403 naming it (decision 0019).
 */
@Path("/api/v1/finops")
@Tag(name = "reports", description = "Who spent what: trends, breakdowns, allocations, projections")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.READER)
public class ReportResource {

    private static final Set<String> BREAKDOWNS = Set.of("model", "agent", "team", "feature", "customer",
            "environment", "provider");

    private final ReportService reports;
    private final SpendOutlookService outlook;
    private final ChargebackService chargeback;
    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();

    public ReportResource(ReportService reports, SpendOutlookService outlook, ChargebackService chargeback,
                          SecurityIdentity identity) {
        this.reports = reports;
        this.outlook = outlook;
        this.chargeback = chargeback;
        this.identity = identity;
    }

    @GET
    @Path("/trends")
    @Operation(summary = "Daily cost, tokens and calls over trailing days (default 7, at most 90), optionally per groupBy")
    public Uni<ReportService.Trends> trends(@Context UriInfo uri, @QueryParam("groupBy") String groupBy) {
        return reports.trends(window(uri), groupBy == null ? null : dimension("groupBy", groupBy));
    }

    @GET
    @Path("/allocations")
    @Operation(summary = "Cost by team and by agent, each with its share of the total")
    public Uni<ReportService.Allocations> allocations(@Context UriInfo uri) {
        return reports.allocations(window(uri));
    }

    @GET
    @Path("/allocations/by-model")
    @Operation(summary = "Cost by model with shares")
    public Uni<ReportService.Breakdown> allocationsByModel(@Context UriInfo uri) {
        return reports.breakdown(window(uri), Dimension.model);
    }

    @GET
    @Path("/{dimension}-breakdown")
    @Operation(summary = "Cost by model, agent, team, feature, customer, environment or provider, with shares")
    public Uni<ReportService.Breakdown> breakdown(@PathParam("dimension") String dimension, @Context UriInfo uri) {
        if (!BREAKDOWNS.contains(dimension)) {
            throw new ProblemException(jakarta.ws.rs.core.Response.Status.NOT_FOUND,
                    "No such breakdown; use one of " + BREAKDOWNS);
        }
        return reports.breakdown(window(uri), Dimension.valueOf(dimension));
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Month-to-date spend, top model and agent, month-over-month change, cache hit rate",
            description = "The cache hit rate comes from cache-service (for the team reported on, when there is "
                    + "one); when it is unreachable it is null and cacheNote says why. The report never fails for that.")
    public Uni<SpendOutlookService.Summary> summary(@Context UriInfo uri) {
        return outlook.summary(filters(uri));
    }

    @GET
    @Path("/projection")
    @Operation(summary = "End-of-month and end-of-year spend at the trailing 7- and 30-day run rates, by team")
    public Uni<SpendOutlookService.Projection> projection(@Context UriInfo uri) {
        return outlook.projection(filters(uri));
    }

    @GET
    @Path("/changes")
    @Operation(summary = "Week-over-week (period=week) or month-over-month (period=month, 30 days) change per "
            + "groupBy (default team)")
    public Uni<SpendOutlookService.Changes> changes(@Context UriInfo uri, @QueryParam("groupBy") String groupBy,
                                                    @QueryParam("period") String period) {
        if (period != null && !Set.of("week", "month").contains(period)) {
            throw ProblemException.badRequest("period", "must be week or month");
        }
        return outlook.changes(filters(uri), groupBy == null ? Dimension.team : dimension("groupBy", groupBy),
                period == null ? "week" : period);
    }

    @GET
    @Path("/chargeback")
    @Operation(summary = "Per team: spend in a calendar month (default this month, UTC), its monthly budget from "
            + "budget-service and the variance (budget minus spend)",
            description = "Only enabled monthly budgets scoped to exactly one team count as that team's budget. When "
                    + "budget-service is unreachable the spend is still shown, budgets are null and budgetNote says why. "
                    + "teamId keeps one team's line; a team key gets its own team's line only (orgBudgetUsd null).")
    public Uni<ChargebackService.Chargeback> chargeback(@QueryParam("month") String month,
                                                        @QueryParam("teamId") String teamId) {
        TeamScope scope = TeamScope.of(identity);
        return chargeback.chargeback(QueryParams.month("month", month), scope.resolve("teamId", teamId),
                scope.orgWide());
    }

    /** The window and filters of the request, within the caller's team (every report is scoped this way). */
    private ReportQuery window(UriInfo uri) {
        return ReportWindow.parse(uri.getQueryParameters(), 7, clock).within(TeamScope.of(identity));
    }

    private Map<Dimension, String> filters(UriInfo uri) {
        return ReportQuery.within(ReportWindow.filters(uri.getQueryParameters()), TeamScope.of(identity));
    }

    static Dimension dimension(String field, String value) {
        try {
            return Dimension.parse(field, value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, e.getMessage().substring(field.length() + 1));
        }
    }
}

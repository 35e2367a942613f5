package dev.finops.ingest.rest;

import dev.finops.http.auth.Role;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.report.ExportService;
import dev.finops.ingest.report.ReportQuery;
import dev.finops.ingest.report.ReportWindow;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

@Path("/api/v1/finops/export")
@Tag(name = "exports", description = "Rollups for a general ledger or a warehouse")
public class ExportResource {

    private final ExportService exports;
    private final SecurityIdentity identity;

    public ExportResource(ExportService exports, SecurityIdentity identity) {
        this.exports = exports;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Role.READER)
    @Produces("text/csv")
    @Operation(summary = "One row per period and combination of team, agent, feature, environment, customer, provider "
            + "and model, streamed",
            description = "granularity=day|hour (default day, UTC), format=csv|jsonl (default csv), days or from/to "
                    + "(default 30 days), and the usual filters. CSV has a header row and a stable column order: "
                    + "period_start, team_id, agent_id, feature, environment, customer_id, provider, model, calls, "
                    + "error_calls, unpriced_calls, input_tokens, cached_input_tokens, cache_write_input_tokens, "
                    + "output_tokens, reasoning_tokens, cost_usd. Costs are exact decimals. A team key exports its "
                    + "own team's rows only.")
    public RestMulti<String> export(@Context UriInfo uri, @QueryParam("granularity") String granularity,
                                    @QueryParam("format") String format) {
        boolean daily = granularity == null || granularity.equals("day");
        if (!daily && !granularity.equals("hour")) {
            throw ProblemException.badRequest("granularity", "must be day or hour");
        }
        boolean csv = format == null || format.equals("csv");
        if (!csv && !format.equals("jsonl")) {
            throw ProblemException.badRequest("format", "must be csv or jsonl");
        }
        ReportQuery q = ReportWindow.parse(uri.getQueryParameters(), 30, Clock.systemUTC())
                .within(TeamScope.of(identity));
        Multi<String> body = csv ? exports.csv(q, daily) : exports.jsonLines(q, daily);
        String name = "finops-usage-" + q.from().toString().substring(0, 10) + "-" + q.to().toString().substring(0, 10);
        return RestMulti.fromMultiData(body)
                .header("Content-Type", csv ? "text/csv; charset=UTF-8" : "application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"" + name + (csv ? ".csv" : ".jsonl") + "\"")
                .build();
    }
}

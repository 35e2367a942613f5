package dev.finops.budget.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.finops.budget.Budget;
import dev.finops.budget.service.BudgetService;
import dev.finops.audit.Actor;
import dev.finops.http.auth.Role;
import io.quarkus.security.identity.SecurityIdentity;
import dev.finops.http.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/budgets/import/drako")
@Tag(name = "budgets")
public class DrakoImportResource {

    private static final Map<String, String> PERIODS = Map.of("daily_usd", "daily", "weekly_usd", "weekly",
            "monthly_usd", "monthly");

    private final BudgetService budgets;
    private final SecurityIdentity identity;

    public DrakoImportResource(BudgetService budgets, SecurityIdentity identity) {
        this.budgets = budgets;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import a drako policies.finops.budgets block as org budgets org-daily/-weekly/-monthly",
            description = "Accepts the block itself or a document containing budgets or policies.finops.budgets."
                    + " Re-importing replaces the budgets of the same name.")
    public Uni<List<Budget>> importBlock(JsonNode body, @QueryParam("timezone") String timezone) {
        JsonNode block = locate(body);
        List<BudgetRequest> requests = new ArrayList<>();
        JsonNode alerts = block.get("alert_at_percent");
        List<BigDecimal> alertAt = alerts == null ? null : percents(alerts);
        for (String field : List.of("daily_usd", "weekly_usd", "monthly_usd")) {
            JsonNode amount = block.get(field);
            if (amount == null || amount.isNull()) {
                continue;
            }
            if (!amount.isNumber()) {
                throw ProblemException.badRequest("budgets." + field, "must be a number of USD");
            }
            String period = PERIODS.get(field);
            requests.add(new BudgetRequest("org-" + period, JsonNodeFactory.instance.textNode("org"), period, timezone,
                    amount.decimalValue(), alertAt, null, null, true));
        }
        if (requests.isEmpty()) {
            throw ProblemException.badRequest("budgets", "needs at least one of daily_usd, weekly_usd, monthly_usd");
        }
        return budgets.importDrako(requests, Actor.of(identity));
    }

    private static JsonNode locate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("budgets", "send the drako budgets block as a JSON object");
        }
        JsonNode nested = body.at("/policies/finops/budgets");
        if (nested.isObject()) {
            return nested;
        }
        return body.get("budgets") != null && body.get("budgets").isObject() ? body.get("budgets") : body;
    }

    private static List<BigDecimal> percents(JsonNode alerts) {
        if (!alerts.isArray()) {
            throw ProblemException.badRequest("budgets.alert_at_percent", "must be a list of percentages");
        }
        List<BigDecimal> values = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            if (!alerts.get(i).isNumber()) {
                throw ProblemException.badRequest("budgets.alert_at_percent[" + i + "]", "must be a number");
            }
            values.add(alerts.get(i).decimalValue());
        }
        return values;
    }
}

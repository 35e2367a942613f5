package dev.finops.gateway.proxy.app;

import dev.finops.cost.TokenUsage;
import dev.finops.gateway.attribution.Attribution;
import dev.finops.gateway.client.ServiceReply;
import dev.finops.gateway.client.SuiteClient;
import dev.finops.gateway.config.GatewayConfig;
import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.error.GatewayException.Kind;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Step 6: budget-service's hard-cap check, reserving the call's largest cost (its counted input tokens and its
 * output cap, valued by pricing for the model) under the gateway request id, which is the usage event's id: the
 * reservation ends when that event reaches budget-service. Refused: no byte goes upstream. Budget-service
 * unreachable: refused too (fail closed), because an unchecked call can overspend a hard cap.
 */
@ApplicationScoped
public class BudgetGate {

    private final SuiteClient suite;
    private final RateBook rates;
    private final String checkUrl;

    public BudgetGate(SuiteClient suite, RateBook rates, GatewayConfig config) {
        this.suite = suite;
        this.rates = rates;
        this.checkUrl = config.budgetUrl() + "/api/v1/budgets/check";
    }

    /**
     * Valued here when the model's rate is known (budget-service then needs no quote from pricing, one hop fewer on
     * the request path), else sent as tokens for budget-service to value.
     */
    public Uni<Void> check(String requestId, Attribution who, String model, long inputTokens, long maxOutputTokens) {
        JsonObject body = new JsonObject().put("teamId", who.teamId()).put("agentId", who.agentId())
                .put("customerId", who.customerId()).put("feature", who.feature())
                .put("environment", who.environment()).put("model", model).put("eventId", requestId)
                .put("runId", who.runId());
        rates.cost(model, new TokenUsage(inputTokens, 0, 0, maxOutputTokens, 0)).ifPresentOrElse(
                usd -> body.put("estimatedCostUsd", usd),
                () -> body.put("estimatedInputTokens", inputTokens).put("estimatedOutputTokens", maxOutputTokens));
        return suite.post(checkUrl, body)
                .onFailure().transform(e -> new GatewayException(Kind.UNAVAILABLE, null,
                        "the budget check is unavailable, so the call was not sent; retry shortly"))
                .invoke(BudgetGate::requireAllowed).replaceWithVoid();
    }

    private static void requireAllowed(ServiceReply reply) {
        if (reply.ok()) {
            return;
        }
        if (reply.status() == 429) {
            JsonObject problem = reply.json();
            long retryAfter = parseSeconds(reply.headers().get("Retry-After"));
            throw new GatewayException(Kind.REFUSED, null, "Budget exceeded: " + problem.getString("detail",
                    "a budget's hard limit refuses this call"), retryAfter);
        }
        throw new GatewayException(Kind.UNAVAILABLE, null, "the budget check answered " + reply.status()
                + ", so the call was not sent");
    }

    private static long parseSeconds(String value) {
        try {
            return value == null ? 60 : Math.max(1, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 60;
        }
    }
}

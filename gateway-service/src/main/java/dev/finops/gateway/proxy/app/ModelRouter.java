package dev.finops.gateway.proxy.app;

import dev.finops.gateway.attribution.Attribution;
import dev.finops.gateway.client.SuiteClient;
import dev.finops.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;

/**
 * Step 4: asks pricing-service's routing policies which model serves the call. The caller named a model, so a
 * policy's default does not replace it; a rule that matches, or an allow-list that excludes the requested model,
 * does. Without a policy, or when pricing cannot answer, the requested model is kept: routing saves money, it is not
 * a control worth failing a call for.
 */
@ApplicationScoped
public class ModelRouter {

    private final SuiteClient suite;
    private final String decideUrl;

    public ModelRouter(SuiteClient suite, GatewayConfig config) {
        this.suite = suite;
        this.decideUrl = config.pricingUrl() + "/api/v1/routing/decide";
    }

    public Uni<RouteChoice> route(String requestedModel, Attribution who, CallHeaders headers, long inputTokens) {
        JsonObject attributes = attributes(requestedModel, who, headers, inputTokens);
        return suite.post(decideUrl, attributes).map(reply -> {
            if (!reply.ok()) {
                return new RouteChoice(requestedModel, "requested");
            }
            JsonObject decision = reply.json();
            String rule = decision.getString("rule");
            String model = decision.getString("model");
            if (model == null || "default".equals(rule) || model.equals(requestedModel)) {
                return new RouteChoice(requestedModel, "requested");
            }
            return new RouteChoice(model, rule);
        }).onFailure().recoverWithItem(e -> {
            Log.debugf("routing unavailable, keeping the requested model: %s", e.getMessage());
            return new RouteChoice(requestedModel, "requested");
        });
    }

    /**
     * The routing attributes: the attribution, X-FinOps-Task-Complexity, and every X-FinOps-Attr-* header. The team
     * (the caller key's) and agent go by their API names, teamId and agentId, which pricing takes from the gateway's
     * service key as the caller's; team_id and agent_id, the names routing conditions use, are sent too.
     */
    static JsonObject attributes(String requestedModel, Attribution who, CallHeaders headers, long inputTokens) {
        JsonObject a = new JsonObject().put("requestedModel", requestedModel).put("teamId", who.teamId())
                .put("team_id", who.teamId()).put("estimated_input_tokens", inputTokens);
        putIfSet(a, "agentId", who.agentId());
        putIfSet(a, "agent_id", who.agentId());
        putIfSet(a, "feature", who.feature());
        putIfSet(a, "environment", who.environment());
        putIfSet(a, "customer_id", who.customerId());
        putIfSet(a, "task_complexity", headers.get("x-finops-task-complexity"));
        for (Map.Entry<String, String> h : headers.values().entrySet()) {
            if (h.getKey().startsWith("x-finops-attr-") && h.getKey().length() > "x-finops-attr-".length()) {
                String name = h.getKey().substring("x-finops-attr-".length()).replace('-', '_').toLowerCase(Locale.ROOT);
                a.put(name, h.getValue());
            }
        }
        return a;
    }

    private static void putIfSet(JsonObject o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }
}

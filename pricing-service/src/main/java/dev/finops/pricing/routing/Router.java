package dev.finops.pricing.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.SimpleType;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.Problem;
import dev.finops.http.problem.ProblemException;
import dev.finops.pricing.ValuationRate;
import dev.finops.pricing.error.Problems;
import dev.finops.pricing.routing.CompiledPolicy.CompiledRule;
import dev.finops.pricing.service.PricingMetrics;
import dev.finops.pricing.service.RateBook;
import dev.cel.runtime.CelEvaluationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the model for one request from memory only: the most specific policy, its first matching rule
 * whose model the environment allows, else the default model (else the requested one, else the first
 * allowed one). A condition naming an attribute the request did not send does not match.
 */
@ApplicationScoped
public class Router {

    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private final PolicyBook policies;
    private final RateBook rates;
    private final PricingMetrics metrics;

    public Router(PolicyBook policies, RateBook rates, PricingMetrics metrics) {
        this.policies = policies;
        this.rates = rates;
        this.metrics = metrics;
    }

    public RoutingDecision decide(JsonNode request) {
        long start = System.nanoTime();
        Map<String, Object> vars = variables(request);
        String requested = (String) vars.get("requested_model");
        String environment = (String) vars.get("environment");
        CompiledPolicy policy = policies.applicable((String) vars.get("agent_id"), (String) vars.get("team_id"))
                .orElseThrow(() -> new ProblemException(Problem.of(422, "Unprocessable Content",
                        "No routing policy applies (none for this agent, its team, or global): PUT one at "
                                + "/api/v1/routing/policies/global.", List.of())));
        Set<String> allowed = policy.allowedIn(environment);
        RoutingDecision decision = null;
        for (CompiledRule rule : policy.rules()) {
            if (isAllowed(allowed, rule.rule().model()) && matches(rule, vars)) {
                decision = decision(rule.rule().model(), rule.rule().name(), rule.rule().reason(), requested, policy);
                break;
            }
        }
        if (decision == null) {
            decision = fallback(policy, allowed, requested, environment);
        }
        metrics.decision(decision.rule(), decision.model(), System.nanoTime() - start);
        return decision;
    }

    private RoutingDecision fallback(CompiledPolicy policy, Set<String> allowed, String requested, String environment) {
        String defaultModel = policy.policy().defaultModel();
        if (isAllowed(allowed, defaultModel)) {
            return decision(defaultModel, "default", "no rule matched: the policy's default model", requested, policy);
        }
        String model = requested != null && isAllowed(allowed, requested) ? requested
                : allowed.stream().sorted().findFirst().orElseThrow();
        return decision(model, "allowlist", "no allowed rule matched and the default model is not allowed in '"
                + environment + "'", requested, policy);
    }

    private boolean isAllowed(Set<String> allowed, String model) {
        return allowed == null || allowed.contains(rates.resolve(model).orElse(model));
    }

    private static boolean matches(CompiledRule rule, Map<String, Object> vars) {
        try {
            return Boolean.TRUE.equals(rule.program().eval(vars));
        } catch (CelEvaluationException e) {
            return false; // typically an attribute the condition needs was not sent
        }
    }

    private RoutingDecision decision(String model, String rule, String reason, String requested, CompiledPolicy p) {
        String scope = p.policy().scope() + (p.policy().scopeId().isEmpty() ? "" : "/" + p.policy().scopeId());
        return new RoutingDecision(model, rule, reason, requested, savings(requested, model), scope);
    }

    /** Requested minus chosen, per 1K tokens of an even input/output mix. */
    private BigDecimal savings(String requested, String chosen) {
        if (requested == null) {
            return null;
        }
        Instant now = Instant.now();
        Optional<ValuationRate> from = rates.rateAt(requested, now);
        Optional<ValuationRate> to = rates.rateAt(chosen, now);
        if (from.isEmpty() || to.isEmpty()) {
            return null;
        }
        BigDecimal a = from.get().inputRatePerKTokens().add(from.get().outputRatePerKTokens());
        BigDecimal b = to.get().inputRatePerKTokens().add(to.get().outputRatePerKTokens());
        return a.subtract(b).divide(TWO).stripTrailingZeros();
    }

    /** The request's attributes as CEL variables: typed ones checked, every one also under "attributes". */
    private static Map<String, Object> variables(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw ProblemException.badRequest("body", "send a JSON object of request attributes and requestedModel");
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> vars = new HashMap<>();
        Map<String, Object> attributes = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = "requestedModel".equals(e.getKey()) ? "requested_model" : e.getKey();
            Object value = value(e.getValue());
            if (value == null) {
                continue;
            }
            var type = ConditionCompiler.VARIABLES.get(name);
            if (type == SimpleType.STRING && !(value instanceof String)) {
                errors.add(new FieldError(e.getKey(), "must be a string"));
            } else if (type == SimpleType.INT && !(value instanceof Long)) {
                errors.add(new FieldError(e.getKey(), "must be a whole number"));
            } else {
                attributes.put(name, value);
                if (type != null) {
                    vars.put(name, value);
                }
            }
        }
        Problems.throwIfAny(errors);
        vars.put(ConditionCompiler.ATTRIBUTES, attributes);
        return vars;
    }

    private static Object value(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return v.toString();
    }
}

package dev.finops.pricing.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.SimpleType;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.Problem;
import dev.finops.http.auth.TeamScope;
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

    /**
     * Decides for a caller: a team-bound key routes as its team (naming another one is a 403 naming the key's team,
     * naming none is its team); an org key (admin, service, org scope) routes as the team it names, if any.
     */
    public RoutingDecision decide(JsonNode request, TeamScope caller) {
        long start = System.nanoTime();
        Map<String, Object> vars = variables(request, caller);
        String requested = (String) vars.get(RequestAttributes.REQUESTED_MODEL);
        String environment = (String) vars.get(RequestAttributes.ENVIRONMENT);
        CompiledPolicy policy = policies.applicable((String) vars.get(RequestAttributes.AGENT),
                        (String) vars.get(RequestAttributes.TEAM))
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

    /**
     * No rule matched: the default model, unless it costs more than the requested one and the policy does not allow
     * upgrades (then the requested model stays); if the environment does not allow the default, the requested model
     * or the first allowed one.
     */
    private RoutingDecision fallback(CompiledPolicy policy, Set<String> allowed, String requested, String environment) {
        String defaultModel = policy.policy().defaultModel();
        if (isAllowed(allowed, defaultModel)) {
            if (requested != null && !policy.policy().upgradeAllowed() && isAllowed(allowed, requested)
                    && costlier(defaultModel, requested)) {
                return decision(requested, "default", "no rule matched; the policy's default model '" + defaultModel
                        + "' costs more than the requested one (input + output rate per 1K tokens) and the policy "
                        + "does not set allowUpgrade, so the requested model stays", requested, policy);
            }
            return decision(defaultModel, "default", "no rule matched: the policy's default model", requested, policy);
        }
        String model = requested != null && isAllowed(allowed, requested) ? requested
                : allowed.stream().sorted().findFirst().orElseThrow();
        return decision(model, "allowlist", "no allowed rule matched and the default model is not allowed in '"
                + environment + "'", requested, policy);
    }

    /** Whether {@code a} costs more than {@code b} by their current input + output rates (false when either has none). */
    private boolean costlier(String a, String b) {
        Instant now = Instant.now();
        Optional<BigDecimal> costA = rates.rateAt(a, now).map(Router::inputPlusOutput);
        Optional<BigDecimal> costB = rates.rateAt(b, now).map(Router::inputPlusOutput);
        return costA.isPresent() && costB.isPresent() && costA.get().compareTo(costB.get()) > 0;
    }

    private static BigDecimal inputPlusOutput(ValuationRate r) {
        return r.inputRatePerKTokens().add(r.outputRatePerKTokens());
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

    /**
     * The request's attributes as CEL variables: each typed one checked and bound under both its camelCase name and
     * its snake_case alias; every one, in both spellings, also under "attributes". The team is the caller's.
     */
    private static Map<String, Object> variables(JsonNode request, TeamScope caller) {
        if (request == null || !request.isObject()) {
            throw ProblemException.badRequest("body", "send a JSON object of request attributes and requestedModel");
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> typed = new HashMap<>();
        Map<String, String> sentAs = new HashMap<>();
        Map<String, Object> attributes = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            Object value = value(e.getValue());
            if (value == null) {
                continue;
            }
            String name = RequestAttributes.camel(field);
            var type = RequestAttributes.ALIASES.containsKey(name) ? RequestAttributes.TYPES.get(name) : null;
            if (type == SimpleType.STRING && !(value instanceof String)) {
                errors.add(new FieldError(field, "must be a string"));
            } else if (type == SimpleType.INT && !(value instanceof Long)) {
                errors.add(new FieldError(field, "must be a whole number"));
            } else if (type != null && typed.containsKey(name) && !typed.get(name).equals(value)) {
                errors.add(new FieldError(field, "is also sent as '" + sentAs.get(name) + "' with another value; "
                        + "send one of the two"));
            } else {
                if (type != null) {
                    typed.put(name, value);
                    sentAs.put(name, field);
                }
                attributes.put(field, value);
                attributes.putIfAbsent(name, value);
                attributes.putIfAbsent(RequestAttributes.snake(name), value);
            }
        }
        Problems.throwIfAny(errors);
        String team = caller.resolve(sentAs.getOrDefault(RequestAttributes.TEAM, RequestAttributes.TEAM),
                (String) typed.get(RequestAttributes.TEAM));
        if (team == null) {
            typed.remove(RequestAttributes.TEAM);
        } else {
            typed.put(RequestAttributes.TEAM, team);
            attributes.put(RequestAttributes.TEAM, team);
            attributes.put(RequestAttributes.ALIASES.get(RequestAttributes.TEAM), team);
        }
        Map<String, Object> vars = new HashMap<>();
        typed.forEach((name, value) -> {
            vars.put(name, value);
            vars.put(RequestAttributes.ALIASES.get(name), value);
        });
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

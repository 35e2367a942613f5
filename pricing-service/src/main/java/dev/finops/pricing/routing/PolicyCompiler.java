package dev.finops.pricing.routing;

import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.Problem;
import dev.finops.http.problem.ProblemException;
import dev.finops.pricing.error.Problems;
import dev.finops.pricing.routing.CompiledPolicy.CompiledRule;
import dev.finops.pricing.routing.RoutingPolicy.RoutingRule;
import dev.finops.pricing.service.RateBook;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a policy and compiles its conditions. Shape problems are 400 with the field named; a condition that
 * is not valid CEL (or not a bool) is 422 with CEL's message and its line and column.
 */
@ApplicationScoped
public class PolicyCompiler {

    static final int MAX_RULES = 200;

    private final ConditionCompiler conditions;
    private final RateBook rates;

    public PolicyCompiler(ConditionCompiler conditions, RateBook rates) {
        this.conditions = conditions;
        this.rates = rates;
    }

    public CompiledPolicy compile(RoutingPolicy policy) {
        Problems.throwIfAny(shapeProblems(policy));
        List<CompiledRule> compiled = new ArrayList<>();
        List<FieldError> invalid = new ArrayList<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            RoutingRule rule = policy.rules().get(i);
            try {
                compiled.add(new CompiledRule(rule, conditions.compile(rule.condition())));
            } catch (ConditionCompiler.InvalidCondition e) {
                for (ConditionCompiler.CompileError error : e.errors()) {
                    invalid.add(new FieldError("rules[" + i + "].condition", String.format(
                            "line %d, column %d: %s", error.line(), error.column(), error.message()), i));
                }
            }
        }
        if (!invalid.isEmpty()) {
            throw new ProblemException(Problem.of(422, "Unprocessable Content",
                    "A rule condition is not a valid CEL expression: " + invalid.get(0).field() + " "
                            + invalid.get(0).message() + ". Nothing was saved.", invalid));
        }
        Map<String, Set<String>> allowed = new HashMap<>();
        policy.allowedModels().forEach((env, models) -> allowed.put(env, Set.copyOf(resolved(models))));
        return new CompiledPolicy(policy, List.copyOf(compiled), Map.copyOf(allowed));
    }

    private List<String> resolved(List<String> models) {
        return models.stream().map(m -> rates.resolve(m).orElse(m)).toList();
    }

    private List<FieldError> shapeProblems(RoutingPolicy p) {
        List<FieldError> errors = new ArrayList<>();
        model(errors, "defaultModel", p.defaultModel(), null);
        if (p.rules().size() > MAX_RULES) {
            errors.add(new FieldError("rules", "at most " + MAX_RULES + " rules"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < p.rules().size(); i++) {
            RoutingRule r = p.rules().get(i);
            String at = "rules[" + i + "].";
            if (r == null) {
                errors.add(new FieldError("rules[" + i + "]", "must be an object", i));
                continue;
            }
            if (r.name() == null || r.name().isBlank() || r.name().length() > 100) {
                errors.add(new FieldError(at + "name", "is required: a short name of at most 100 characters", i));
            } else if (!names.add(r.name()) || "default".equals(r.name()) || "allowlist".equals(r.name())) {
                errors.add(new FieldError(at + "name", "must be unique within the policy and not 'default' or 'allowlist'", i));
            }
            if (r.condition() == null || r.condition().isBlank() || r.condition().length() > 4000) {
                errors.add(new FieldError(at + "condition", "is required: a CEL expression of at most 4000 characters", i));
            }
            model(errors, at + "model", r.model(), i);
            if (r.reason() != null && r.reason().length() > 500) {
                errors.add(new FieldError(at + "reason", "must be at most 500 characters", i));
            }
        }
        p.allowedModels().forEach((env, models) -> {
            if (env.isBlank()) {
                errors.add(new FieldError("allowedModels", "environment names must not be empty"));
            } else if (models == null || models.isEmpty()) {
                errors.add(new FieldError("allowedModels." + env, "must list at least one model"));
            } else {
                new LinkedHashSet<>(models).forEach(m -> model(errors, "allowedModels." + env, m, null));
            }
        });
        return errors;
    }

    private void model(List<FieldError> errors, String field, String model, Integer index) {
        if (model == null || model.isBlank()) {
            errors.add(new FieldError(field, "is required: a model id", index));
        } else if (rates.resolve(model).isEmpty()) {
            errors.add(new FieldError(field, "unknown model '" + model + "': route only to models that have rates", index));
        }
    }
}

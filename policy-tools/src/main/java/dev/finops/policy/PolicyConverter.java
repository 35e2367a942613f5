package dev.finops.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.resources.Budget;
import dev.finops.resources.CachePolicy;
import dev.finops.resources.ModelPrice;
import dev.finops.resources.RoutingPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Drako {@code policies.finops} → finops.dev resources: {@code tracking.model_costs} → ModelPrice per model,
 * {@code routing} → the global RoutingPolicy, {@code cache} → a CachePolicy, {@code budgets} → org Budgets
 * (daily, weekly, monthly; named org-daily … as budget-service's drako import names them).
 */
public final class PolicyConverter {

    private static final Map<String, String> PERIODS = Map.of("daily_usd", "daily", "weekly_usd", "weekly",
            "monthly_usd", "monthly");

    private final String prefix;
    private final String cacheNamespace;

    /** {@code prefix} starts every resource name; {@code cacheNamespace} is the cache namespace Drako's one cache maps to. */
    public PolicyConverter(String prefix, String cacheNamespace) {
        this.prefix = prefix;
        this.cacheNamespace = cacheNamespace;
    }

    /** Thrown for a policy that cannot be converted, naming the Drako field. */
    public static class InvalidPolicy extends RuntimeException {
        InvalidPolicy(String field, String message) {
            super(field + ": " + message);
        }
    }

    public List<HasMetadata> convert(JsonNode finops) {
        if (finops.isMissingNode()) {
            throw new InvalidPolicy("policies.finops", "not found: expected policies.finops with tracking, routing, cache"
                    + " or budgets");
        }
        List<HasMetadata> out = new ArrayList<>();
        modelPrices(finops.path("tracking").path("model_costs"), out);
        if (PolicyFile.enabled(finops.path("routing"), false)) {
            out.add(routing(finops.path("routing")));
        }
        if (PolicyFile.enabled(finops.path("cache"), false)) {
            JsonNode cache = finops.path("cache");
            out.add(new CachePolicy(name("cache"), new CachePolicy.Spec(cacheNamespace, true,
                    decimal(cache, "similarity_threshold", "cache."), decimal(cache, "ttl_hours", "cache."), null, null)));
        }
        budgets(finops.path("budgets"), out);
        return out;
    }

    private void modelPrices(JsonNode costs, List<HasMetadata> out) {
        costs.fields().forEachRemaining(e -> {
            String at = "tracking.model_costs." + e.getKey() + ".";
            out.add(new ModelPrice(name(e.getKey()), new ModelPrice.Spec(e.getKey(), null,
                    required(e.getValue(), "input", at), required(e.getValue(), "output", at), null, null, null, null,
                    null)));
        });
    }

    private RoutingPolicy routing(JsonNode routing) {
        String defaultModel = routing.path("default_model").asText(null);
        if (defaultModel == null) {
            throw new InvalidPolicy("routing.default_model", "is required when routing is enabled");
        }
        List<RoutingPolicy.Rule> rules = new ArrayList<>();
        JsonNode drakoRules = routing.path("rules");
        for (int i = 0; i < drakoRules.size(); i++) {
            JsonNode r = drakoRules.get(i);
            String at = "routing.rules[" + i + "].";
            rules.add(new RoutingPolicy.Rule("rule-" + (i + 1), text(r, "condition", at), text(r, "model", at),
                    r.path("reason").asText(null)));
        }
        return new RoutingPolicy(name("routing"), new RoutingPolicy.Spec("global", null, defaultModel,
                rules.isEmpty() ? null : rules, null));
    }

    private void budgets(JsonNode budgets, List<HasMetadata> out) {
        List<BigDecimal> alerts = null;
        if (budgets.has("alert_at_percent")) {
            alerts = new ArrayList<>();
            for (JsonNode p : budgets.get("alert_at_percent")) {
                alerts.add(plain(p.decimalValue()));
            }
        }
        for (String field : List.of("daily_usd", "weekly_usd", "monthly_usd")) {
            BigDecimal amount = decimal(budgets, field, "budgets.");
            if (amount != null) {
                String period = PERIODS.get(field);
                out.add(new Budget(name("org-" + period), new Budget.Spec("org-" + period, null, period, null, amount,
                        alerts, null, null, null)));
            }
        }
    }

    /** A DNS-1123 name: lower case, letters, digits, '-' and '.'. */
    private String name(String suffix) {
        String n = (prefix.isEmpty() ? suffix : prefix + "-" + suffix).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.-]+", "-").replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
        return n.length() > 253 ? n.substring(0, 253) : n;
    }

    private static BigDecimal required(JsonNode node, String field, String at) {
        BigDecimal v = decimal(node, field, at);
        if (v == null) {
            throw new InvalidPolicy(at + field, "is required (USD per 1K tokens)");
        }
        return v;
    }

    private static BigDecimal decimal(JsonNode node, String field, String at) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new InvalidPolicy(at + field, "must be a number");
        }
        return plain(v.decimalValue());
    }

    /** 50.00 → 50 and never 5E+1, so the YAML written says what the policy said. */
    private static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static String text(JsonNode node, String field, String at) {
        if (!node.path(field).isTextual()) {
            throw new InvalidPolicy(at + field, "is required");
        }
        return node.path(field).asText();
    }
}

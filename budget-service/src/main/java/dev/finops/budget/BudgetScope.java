package dev.finops.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a budget covers: each named dimension must equal the spender's; none named means the whole org. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BudgetScope(String team, String agent, String customer, String feature, String environment,
                          String model) {

    public static final List<String> DIMENSIONS = List.of("team", "agent", "customer", "feature", "environment", "model");
    public static final BudgetScope ORG = new BudgetScope(null, null, null, null, null, null);

    public static BudgetScope of(Map<String, String> values) {
        return new BudgetScope(values.get("team"), values.get("agent"), values.get("customer"), values.get("feature"),
                values.get("environment"), values.get("model"));
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isOrg() {
        return asMap().isEmpty();
    }

    /** The same scope for this team. */
    public BudgetScope withTeam(String team) {
        return new BudgetScope(team, agent, customer, feature, environment, model);
    }

    public boolean matches(Attribution a) {
        return covers(team, a.team()) && covers(agent, a.agent()) && covers(customer, a.customer())
                && covers(feature, a.feature()) && covers(environment, a.environment()) && covers(model, a.model());
    }

    /** The named dimensions in a fixed order. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "team", team);
        put(m, "agent", agent);
        put(m, "customer", customer);
        put(m, "feature", feature);
        put(m, "environment", environment);
        put(m, "model", model);
        return m;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static boolean covers(String required, String actual) {
        return required == null || Objects.equals(required, actual);
    }
}

package dev.finops.pricing.routing;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The typed attributes of a routing request, each under its camelCase name (as every other API spells fields) and
 * its snake_case alias (as conditions were first written): {@code teamId} and {@code team_id} are one attribute, and
 * a condition may use either. Free attributes are also reachable under both spellings in {@code attributes}.
 */
public final class RequestAttributes {

    /** camelCase name → snake_case alias. */
    public static final Map<String, String> ALIASES;
    /** Every typed name, both spellings, with its CEL type. */
    public static final Map<String, CelType> TYPES;

    public static final String TEAM = "teamId";
    public static final String AGENT = "agentId";
    public static final String ENVIRONMENT = "environment";
    public static final String REQUESTED_MODEL = "requestedModel";

    static {
        Map<String, CelType> camel = new LinkedHashMap<>();
        for (String s : new String[] {"taskComplexity", "taskType", AGENT, TEAM, "feature", ENVIRONMENT, "customerId",
            REQUESTED_MODEL}) {
            camel.put(s, SimpleType.STRING);
        }
        camel.put("estimatedInputTokens", SimpleType.INT);
        camel.put("estimatedOutputTokens", SimpleType.INT);
        Map<String, String> aliases = new LinkedHashMap<>();
        Map<String, CelType> types = new LinkedHashMap<>();
        camel.forEach((name, type) -> {
            aliases.put(name, snake(name));
            types.put(name, type);
            types.put(snake(name), type);
        });
        ALIASES = Map.copyOf(aliases);
        TYPES = Map.copyOf(types);
    }

    private RequestAttributes() {
    }

    /** The camelCase name of an attribute sent in either spelling ({@code task_complexity} → {@code taskComplexity}). */
    public static String camel(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_' && out.length() > 0) {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** The snake_case name of an attribute sent in either spelling ({@code taskComplexity} → {@code task_complexity}). */
    public static String snake(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

package dev.finops.bench.phase;

import dev.finops.bench.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Issue 10 item 4: POST /api/v1/routing/decide at 5,000 req/s against a global policy of CEL rules. */
public final class Routing {

    private static final String SECTION = "4. Routing decision";
    private static final int RATE = 5000;
    private static final String[] COMPLEXITY = {"low", "medium", "high"};

    private Routing() {
    }

    public static void run(Context ctx) throws Exception {
        ctx.api().put(ctx.url("pricing", "/api/v1/routing/policies/global"), ctx.adminKey(), Map.of(
                "defaultModel", "gpt-4o",
                "rules", List.of(
                        Map.of("name", "simple", "condition", "task_complexity == 'low'", "model", "gpt-4o-mini",
                                "reason", "cheaper model for simple tasks"),
                        Map.of("name", "short-support", "condition",
                                "agent_id.startsWith('support-') && estimated_input_tokens < 2000",
                                "model", "gpt-4.1-nano", "reason", "short support questions"),
                        Map.of("name", "vip", "condition", "attributes.tier == 'vip'", "model", "gpt-4.1",
                                "reason", "best model for vip customers"))));
        String reader = ctx.newKey("reader", null);
        RatedEndpoint.measure(ctx, SECTION, "routing", "decide", "pricing", "finops_routing_decide_seconds",
                "/api/v1/routing/decide", reader, RATE, i -> String.format(Locale.ROOT,
                        "{\"agent_id\":\"%s-%d\",\"task_complexity\":\"%s\",\"estimated_input_tokens\":%d,"
                                + "\"requestedModel\":\"gpt-4o\"}",
                        i % 2 == 0 ? "support" : "search", i % 100, COMPLEXITY[(int) (i % 3)], 500 + i % 3000));
        ctx.results().remark(SECTION, "global policy of three CEL rules (a string test, a startsWith and integer "
                + "comparison, an attributes lookup) and a default model; requests vary the attributes so every rule "
                + "and the default are taken");
    }
}

package dev.finops.bench.phase;

import dev.finops.bench.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Issue 10 item 3: POST /api/v1/budgets/check at 5,000 req/s with 1,000 budgets defined, on both of its paths:
 * budgets without a hard cap (answered from memory) and hard-capped budgets far from their cap with an estimate
 * (which reserve the estimate in Postgres).
 */
public final class BudgetCheck {

    static final String SECTION = "3. Budget check";
    private static final int BUDGETS = 1000;
    private static final int RATE = 5000;

    private BudgetCheck() {
    }

    public static void run(Context ctx) throws Exception {
        String admin = ctx.adminKey();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        IntStream.range(0, BUDGETS).forEach(i -> pool.submit(() -> {
            Map<String, Object> budget = new LinkedHashMap<>();
            budget.put("name", "chk-" + i);
            budget.put("scope", Map.of("team", "chk-" + i));
            budget.put("period", "monthly");
            budget.put("amountUsd", 1000);
            if (i % 2 == 1) {
                budget.put("hardLimitPercent", 100);
            }
            return ctx.api().post(ctx.url("budget", "/api/v1/budgets"), admin, budget);
        }));
        pool.shutdown();
        if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("creating the budgets took over 5 minutes");
        }
        String reader = ctx.newKey("reader", null);
        String uri = "/api/v1/budgets/check";
        RatedEndpoint.measure(ctx, SECTION, "check.memory", "no hard cap (from memory)", "budget",
                "finops_budget_check_seconds", uri, reader, RATE, i -> String.format(Locale.ROOT,
                        "{\"teamId\":\"chk-%d\",\"agentId\":\"a-%d\",\"estimatedCostUsd\":0.001}", (i % 500) * 2, i % 20));
        RatedEndpoint.measure(ctx, SECTION, "check.reserve", "hard cap, far from it (leases)", "budget",
                "finops_budget_check_seconds", uri, reader, RATE, i -> String.format(Locale.ROOT,
                        "{\"teamId\":\"chk-%d\",\"agentId\":\"a-%d\",\"estimatedCostUsd\":0.001}", (i % 500) * 2 + 1, i % 20));
        ctx.results().remark(SECTION, BUDGETS + " monthly team budgets of $1,000 exist, every odd one with a hard "
                + "limit at 100 %; each check matches one of them and estimates $0.001, far from the caps: hard-capped "
                + "checks are answered from leases (the exact path near a cap is not measured here)");
    }
}

package dev.finops.bench.phase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.bench.Context;
import dev.finops.bench.load.OpenLoop;
import dev.finops.bench.report.Figure;
import dev.finops.bench.report.Spread;
import dev.finops.bench.report.Target;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Issue 10 items 2 and 6, in the same runs: single-event POSTs at a constant 1,000 events/s (open loop), and meanwhile
 * probes that time how long an acknowledged event takes to show in a budget's status and to make a session an
 * active anomaly.
 */
public final class SteadyIngest {

    private static final String SECTION_LATENCY = "2. Ingest latency";
    private static final String SECTION_LAG = "6. Detection and spend lag";
    private static final int RATE = 1000;
    private static final int CONNECTIONS = 64;
    private static final String USAGE = "/api/v1/usage";
    private static final long PROBE_TIMEOUT_MS = 15_000;
    /** gpt-4o, 2,000 input and 1,000 output tokens: $0.015 at the catalog's list prices. */
    private static final String PROBE_EVENT = """
            {"eventId":"%s","timestamp":"%s","provider":"openai","model":"gpt-4o","inputTokens":2000,"outputTokens":1000,\
            "agentId":"%s","sessionId":"%s"}""";

    private final Context ctx;
    private final List<List<Double>> budgetLags = new ArrayList<>();
    private final List<List<Double>> anomalyLags = new ArrayList<>();
    private String ingestKey;
    private String adminKey;
    private String budgetId;

    public SteadyIngest(Context ctx) {
        this.ctx = ctx;
    }

    public void run() throws Exception {
        ingestKey = ctx.newKey("ingest", "steady");
        adminKey = ctx.adminKey();
        budgetId = ctx.api().post(ctx.url("budget", "/api/v1/budgets"), adminKey, Map.of("name", "lag-probe-" + ctx.runId(),
                "scope", Map.of("team", "steady", "agent", "lag-budget"), "period", "monthly", "amountUsd", 1_000_000))
                .get("id").asText();
        ctx.api().put(ctx.url("anomaly", "/api/v1/finops/baselines/lag-anomaly"), adminKey,
                Map.of("baselineUsdPerHour", 0.001));
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> p999 = new ArrayList<>();
        List<Double> rate = new ArrayList<>();
        // warm-up at the same rate (JIT, pools, partitions), not counted
        OpenLoop.run(ctx.suite().url("ingest"), CONNECTIONS, RATE, ctx.plan().warmUp(),
                i -> new OpenLoop.Post(USAGE, ingestKey, event("st-" + ctx.runId() + "-warm-" + i, i)));
        for (int rep = 0; rep < ctx.plan().reps(); rep++) {
            String prefix = "st-" + ctx.runId() + "-" + rep + "-";
            AtomicBoolean stop = new AtomicBoolean();
            List<Double> budgetLag = new ArrayList<>();
            List<Double> anomalyLag = new ArrayList<>();
            int r0 = rep;
            Thread probes = new Thread(() -> probe(r0, stop, budgetLag, anomalyLag), "lag-probes");
            probes.start();
            OpenLoop.Result r = OpenLoop.run(ctx.suite().url("ingest"), CONNECTIONS, RATE, ctx.plan().steady(),
                    i -> new OpenLoop.Post(USAGE, ingestKey, event(prefix + i, i)));
            stop.set(true);
            probes.join();
            p50.add(r.percentileMillis(50));
            p99.add(r.percentileMillis(99));
            p999.add(r.percentileMillis(99.9));
            rate.add(r.achievedRate());
            budgetLags.add(budgetLag);
            anomalyLags.add(anomalyLag);
            if (r.failed() > 0) {
                ctx.results().remark(SECTION_LATENCY, "repetition " + rep + ": " + r.failed() + " of " + r.sent()
                        + " POSTs failed (status counts " + r.statuses() + ")");
            }
            if (r.maxSendLagMillis() > 5) {
                ctx.results().remark(SECTION_LATENCY, String.format(Locale.ROOT,
                        "repetition %d: the client fell behind its schedule by up to %.1f ms (counted in the latencies)",
                        rep, r.maxSendLagMillis()));
            }
        }
        report(p50, p99, p999, rate);
    }

    private static String event(String id, long i) {
        return String.format(Locale.ROOT, """
                {"eventId":"%s","timestamp":"%s","provider":"openai","model":"gpt-4o-mini","inputTokens":%d,\
                "outputTokens":%d,"agentId":"agent-%d","sessionId":"s-%d","feature":"f-%d","latencyMs":900}""",
                id, Instant.now(), 400 + i % 1200, 80 + i % 300, i % 50, i % 500, i % 10);
    }

    private void report(List<Double> p50, List<Double> p99, List<Double> p999, List<Double> rate) {
        String how = "single-event POST /api/v1/usage over keep-alive at a constant " + RATE
                + " events/s from " + CONNECTIONS + " connections (open loop, latency from each request's due time, "
                + "HdrHistogram); "
                + ctx.plan().steady().toSeconds() + " s per run; " + ctx.plan().repetitionsNote();
        var results = ctx.results();
        results.add(new Figure("latency.rate", SECTION_LATENCY, "achieved rate", "events/s", Spread.of(rate), null, how));
        results.add(new Figure("latency.p50", SECTION_LATENCY, "p50", "ms", Spread.of(p50), null, ""));
        results.add(new Figure("latency.p99", SECTION_LATENCY, "p99", "ms", Spread.of(p99), Target.below(5), ""));
        results.add(new Figure("latency.p999", SECTION_LATENCY, "p99.9", "ms", Spread.of(p999), null, ""));
        lagFigures("lag.budget", "ack → spend in budget status", budgetLags);
        lagFigures("lag.anomaly", "ack → session an active anomaly", anomalyLags);
    }

    private void lagFigures(String id, String name, List<List<Double>> perRep) {
        List<Double> medians = new ArrayList<>();
        List<Double> worst = new ArrayList<>();
        int probes = 0;
        for (List<Double> lags : perRep) {
            if (!lags.isEmpty()) {
                medians.add(Spread.of(lags).median());
                worst.add(Spread.of(lags).max());
                probes += lags.size();
            }
        }
        if (medians.isEmpty()) {
            ctx.results().remark(SECTION_LAG, name + ": no probe completed");
            return;
        }
        String how = probes + " probes during the " + RATE + " events/s runs, polled every 20 ms; "
                + ctx.plan().repetitionsNote();
        ctx.results().add(new Figure(id + ".median", SECTION_LAG, name + " (median of the probes per run)", "s",
                Spread.of(medians), null, how));
        ctx.results().add(new Figure(id + ".worst", SECTION_LAG, name + " (slowest probe per run)", "s",
                Spread.of(worst), Target.below(2), "a probe that never showed counts as " + PROBE_TIMEOUT_MS / 1000 + " s"));
    }

    /** Alternates a budget probe and an anomaly probe until told to stop. */
    private void probe(int rep, AtomicBoolean stop, List<Double> budgetLag, List<Double> anomalyLag) {
        try {
            Thread.sleep(1000); // let the steady stream settle first
            for (int k = 0; !stop.get(); k++) {
                budgetLag.add(budgetProbe(rep + "-" + k));
                if (stop.get()) {
                    break;
                }
                anomalyLag.add(anomalyProbe(rep + "-" + k));
                Thread.sleep(200);
            }
        } catch (Exception e) {
            ctx.results().remark(SECTION_LAG, "a probe failed: " + e.getMessage());
        }
    }

    private double budgetProbe(String k) throws Exception {
        BigDecimal before = spent();
        String id = "lag-b-" + ctx.runId() + "-" + k;
        ctx.api().post(ctx.url("ingest", "/api/v1/usage"), ingestKey,
                String.format(Locale.ROOT, PROBE_EVENT, id, Instant.now(), "lag-budget", "lag-b-" + k));
        long acked = System.nanoTime();
        BigDecimal expected = before.add(new BigDecimal("0.015"));
        return waitFor(acked, () -> spent().compareTo(expected) >= 0);
    }

    private BigDecimal spent() {
        return ctx.api().get(ctx.url("budget", "/api/v1/budgets/" + budgetId + "/status"), adminKey).get("spentUsd")
                .decimalValue();
    }

    private double anomalyProbe(String k) throws Exception {
        String session = "lag-a-" + ctx.runId() + "-" + k;
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            batch.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, PROBE_EVENT, session + "-" + i,
                    Instant.now(), "lag-anomaly", session));
        }
        ctx.api().post(ctx.url("ingest", "/api/v1/usage"), ingestKey, batch.append(']').toString());
        long acked = System.nanoTime();
        URI active = ctx.url("anomaly", "/api/v1/finops/anomalies/active");
        return waitFor(acked, () -> {
            for (JsonNode a : ctx.api().get(active, adminKey)) {
                if (session.equals(a.path("sessionId").asText())) {
                    return true;
                }
            }
            return false;
        });
    }

    interface Check {
        boolean done() throws Exception;
    }

    private static double waitFor(long since, Check check) throws Exception {
        while (!check.done()) {
            if ((System.nanoTime() - since) / 1_000_000 > PROBE_TIMEOUT_MS) {
                return PROBE_TIMEOUT_MS / 1000.0;
            }
            Thread.sleep(20);
        }
        return (System.nanoTime() - since) / 1e9;
    }
}

package dev.finops.bench.phase;

import dev.finops.bench.Context;
import dev.finops.bench.load.OpenLoop;
import dev.finops.bench.load.Overhead;
import dev.finops.bench.report.Figure;
import dev.finops.bench.report.Spread;
import dev.finops.bench.report.Target;
import dev.finops.bench.stub.LlmStub;
import dev.finops.bench.suite.PromText;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Issue 16's benchmark: what gateway-service adds to an LLM call. A stub provider on loopback ({@link LlmStub}: 20 ms,
 * fixed usage) takes the same open-loop load twice in each repetition, straight and through the gateway with every
 * control on the path (an ingest key of a team, X-FinOps-Agent, routing by a global policy, a hard-capped budget
 * for the team, usage reported through the outbox; cache off). Added latency per percentile = through − direct.
 * Afterwards every call the gateway acknowledged must be one usage event of the team in ingest.
 */
public final class Gateway {

    static final String SECTION = "9. Gateway";
    static final Duration UPSTREAM_DELAY = Duration.ofMillis(20);
    static final LlmStub.Usage USAGE = new LlmStub.Usage(120, 40);
    static final List<Integer> RATES = List.of(1000, 2000);
    static final int STREAM_RATE = 1000;
    /** About 42 calls are in flight at 2,000/s and 21 ms; the rest is headroom for stalls. */
    static final int CONNECTIONS = 128;
    static final String MODEL = "gpt-4o-mini";
    static final String PROVIDER = "bench-stub";
    static final String PATH = "/v1/chat/completions";
    static final String ADDED_TIMER = "finops_gateway_added_latency_seconds";
    private static final String STUB_KEY = "sk-bench-stub";
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    private final Context ctx;
    private final String team;
    private final Map<String, Case> cases = new LinkedHashMap<>();
    private String key;
    private long acknowledged; // 2xx answers of the gateway, warm-up included: each one must become a usage event

    public Gateway(Context ctx) {
        this.ctx = ctx;
        this.team = "gw-bench-" + ctx.runId();
    }

    /** The figures of one shape (json, stream) at one rate, over the repetitions. */
    static final class Case {
        final List<Double> directP50 = new ArrayList<>();
        final List<Double> directP99 = new ArrayList<>();
        final List<Double> throughP50 = new ArrayList<>();
        final List<Double> throughP99 = new ArrayList<>();
        final List<Double> addedP50 = new ArrayList<>();
        final List<Double> addedP99 = new ArrayList<>();
        final List<Double> addedTtfbP50 = new ArrayList<>();
        final List<Double> addedTtfbP99 = new ArrayList<>();
        final List<Double> errors = new ArrayList<>();
        final List<Double> serverMean = new ArrayList<>();
    }

    public void run() throws Exception {
        try (LlmStub stub = LlmStub.start(UPSTREAM_DELAY, USAGE)) {
            setUp(stub);
            URI direct = URI.create("http://127.0.0.1:" + stub.port());
            URI gateway = ctx.suite().url("gateway");
            OpenLoop.run(direct, CONNECTIONS, RATES.get(0), ctx.plan().warmUp(), request(false, STUB_KEY));
            acknowledged += OpenLoop.run(gateway, CONNECTIONS, RATES.get(0), ctx.plan().warmUp(),
                    request(false, key)).ok();
            for (int rep = 0; rep < ctx.plan().reps(); rep++) {
                for (int rate : RATES) {
                    measure(direct, gateway, false, rate, rep);
                }
                measure(direct, gateway, true, STREAM_RATE, rep);
            }
            report();
            usageEvents();
            ctx.results().add(new Figure("gateway.rss", SECTION, "gateway-service RSS after the load", "MiB",
                    Spread.single(ctx.suite().rssMib("gateway")), null, "VmRSS right after the last run; JVM options: "
                    + System.getenv().getOrDefault("FINOPS_JAVA_OPTS", "-Xms64m -Xmx384m (finops default)")));
            ctx.results().remark(SECTION, String.format(Locale.ROOT, "stub provider in the harness's JVM on loopback: "
                    + "%d ms delay, usage %d prompt + %d completion tokens; it served %,d calls",
                    UPSTREAM_DELAY.toMillis(), USAGE.promptTokens(), USAGE.completionTokens(), stub.served()));
        }
    }

    /** The provider, a routing policy, a hard-capped budget for the team and an ingest key of the team. */
    private void setUp(LlmStub stub) throws Exception {
        String admin = ctx.adminKey();
        ctx.api().put(ctx.url("gateway", "/api/v1/gateway/providers/" + PROVIDER), admin, Map.of("type", "openai",
                "baseUrl", stub.baseUrl(), "apiKey", STUB_KEY, "models", List.of(MODEL)));
        ctx.api().put(ctx.url("pricing", "/api/v1/routing/policies/global"), admin, Map.of("defaultModel", MODEL,
                "rules", List.of(Map.of("name", "simple", "condition", "task_complexity == 'low'", "model", MODEL,
                        "reason", "gateway benchmark: every call is routed, to the model the stub serves"))));
        ctx.api().post(ctx.url("budget", "/api/v1/budgets"), admin, Map.of("name", team, "scope", Map.of("team", team),
                "period", "monthly", "amountUsd", 1_000_000, "hardLimitPercent", 100));
        key = ctx.newKey("ingest", team);
    }

    /** Chat completions that differ in their prompt; attributed to one of ten agents, routed as low complexity. */
    static LongFunction<OpenLoop.Post> request(boolean stream, String key) {
        return i -> new OpenLoop.Post(PATH, key, String.format(Locale.ROOT, "{\"model\":\"%s\",\"max_tokens\":64,"
                        + "\"messages\":[{\"role\":\"system\",\"content\":\"You answer in one line.\"},"
                        + "{\"role\":\"user\",\"content\":\"Summarise ticket %d in one line.\"}]%s}", MODEL, i,
                        stream ? ",\"stream\":true" : ""),
                Map.of("X-FinOps-Agent", "bench-agent-" + i % 10, "X-FinOps-Task-Complexity", "low"),
                stream ? "data: [DONE]" : "\"chat.completion\"");
    }

    /** One repetition of one case: direct and through the gateway, in alternating order so drift hits both. */
    private void measure(URI direct, URI gateway, boolean stream, int rate, int rep) throws Exception {
        Duration duration = ctx.plan().gateway();
        String label = (stream ? "stream" : "json") + " at " + rate + "/s";
        OpenLoop.Result straight = null;
        OpenLoop.Result through = null;
        PromText before = null;
        PromText after = null;
        for (int turn = 0; turn < 2; turn++) {
            if ((turn + rep) % 2 == 0) {
                straight = OpenLoop.run(direct, CONNECTIONS, rate, duration, request(stream, STUB_KEY));
            } else {
                before = ctx.api().metrics(gateway);
                through = OpenLoop.run(gateway, CONNECTIONS, rate, duration, request(stream, key));
                after = ctx.api().metrics(gateway);
            }
        }
        acknowledged += through.ok();
        Case c = cases.computeIfAbsent((stream ? "stream." : "json.") + rate, k -> new Case());
        c.directP50.add(straight.percentileMillis(50));
        c.directP99.add(straight.percentileMillis(99));
        c.throughP50.add(through.percentileMillis(50));
        c.throughP99.add(through.percentileMillis(99));
        // latencies of failed calls are no overhead: over 1 % failed, the run has no added-latency figure
        boolean valid = through.failed() <= through.sent() / 100 && straight.failed() <= straight.sent() / 100;
        c.addedP50.add(valid ? Overhead.addedMillis(through.latencyMicros(), straight.latencyMicros(), 50)
                : Double.NaN);
        c.addedP99.add(valid ? Overhead.addedMillis(through.latencyMicros(), straight.latencyMicros(), 99)
                : Double.NaN);
        c.addedTtfbP50.add(valid ? Overhead.addedMillis(through.firstByteMicros(), straight.firstByteMicros(), 50)
                : Double.NaN);
        c.addedTtfbP99.add(valid ? Overhead.addedMillis(through.firstByteMicros(), straight.firstByteMicros(), 99)
                : Double.NaN);
        c.errors.add((double) through.failed());
        double count = after.sum(ADDED_TIMER + "_count") - before.sum(ADDED_TIMER + "_count");
        double sum = after.sum(ADDED_TIMER + "_sum") - before.sum(ADDED_TIMER + "_sum");
        c.serverMean.add(count > 0 ? sum / count * 1000 : Double.NaN);
        remarks(label + " through the gateway", rate, through, rep);
        remarks(label + " straight to the stub", rate, straight, rep);
    }

    private void remarks(String label, int rate, OpenLoop.Result r, int rep) {
        if (r.failed() > 0) {
            ctx.results().remark(SECTION, label + ", repetition " + rep + ": " + r.failed() + " of " + r.sent()
                    + " calls failed (status counts " + r.statuses() + "; " + OpenLoop.INCOMPLETE
                    + " = a 2xx answer without its end)");
        }
        if (r.maxSendLagMillis() > 5 || r.achievedRate() < rate * 0.95) {
            ctx.results().remark(SECTION, String.format(Locale.ROOT, "%s, repetition %d: %.0f req/s achieved, the "
                    + "client fell behind its schedule by up to %.1f ms (counted in the latencies)", label, rep,
                    r.achievedRate(), r.maxSendLagMillis()));
        }
    }

    private void report() {
        String how = String.format(Locale.ROOT, "POST %s at a constant rate from %d keep-alive connections, open loop, "
                + "%d s per run, straight to the stub and through the gateway in the same repetition; %s", PATH,
                CONNECTIONS, ctx.plan().gateway().toSeconds(), ctx.plan().repetitionsNote());
        cases.forEach((id, c) -> {
            boolean stream = id.startsWith("stream");
            int rate = Integer.parseInt(id.substring(id.indexOf('.') + 1));
            boolean judged = !stream && rate == 1000; // the targets are for JSON calls at 1k/s
            String label = (stream ? "stream" : "JSON") + " at " + String.format(Locale.ROOT, "%,d", rate) + "/s";
            add(id + ".added.p50", label + ": added latency p50", c.addedP50, judged ? Target.below(0.3) : null,
                    "through-the-gateway p50 minus direct p50; " + how);
            add(id + ".added.p99", label + ": added latency p99", c.addedP99, judged ? Target.below(1) : null,
                    "through-the-gateway p99 minus direct p99");
            if (stream) {
                add(id + ".added.ttfb.p50", label + ": added time to first byte p50", c.addedTtfbP50, null,
                        "to the first SSE event; through minus direct");
                add(id + ".added.ttfb.p99", label + ": added time to first byte p99", c.addedTtfbP99, null, "");
            }
            add(id + ".direct.p50", label + ": direct p50", c.directP50, null,
                    "straight to the stub (delay " + UPSTREAM_DELAY.toMillis() + " ms)");
            add(id + ".direct.p99", label + ": direct p99", c.directP99, null, "");
            add(id + ".gateway.p50", label + ": through the gateway p50", c.throughP50, null, "");
            add(id + ".gateway.p99", label + ": through the gateway p99", c.throughP99, null, "");
            add(id + ".server.mean", label + ": gateway's own added-latency mean", c.serverMean, null,
                    "sum/count of " + ADDED_TIMER + " over exactly the run");
            ctx.results().add(new Figure("gateway." + id + ".errors", SECTION,
                    label + ": failed calls through the gateway", "calls", Spread.of(c.errors), Target.atMost(0),
                    "non-2xx, connection errors, or a 2xx answer "
                    + "without its end (no [DONE] / no chat.completion)"));
        });
    }

    private void add(String id, String name, List<Double> values, Target target, String note) {
        ctx.results().add(new Figure("gateway." + id, SECTION, name, "ms", Spread.of(values), target, note));
    }

    /** Waits until the outbox has delivered (or stopped delivering), then counts the team's events in ingest. */
    private void usageEvents() throws Exception {
        long start = System.nanoTime();
        long deadline = start + DRAIN_TIMEOUT.toNanos();
        long found = count();
        long lastChange = System.nanoTime();
        while (found < acknowledged && System.nanoTime() < deadline) {
            Thread.sleep(500);
            long now = count();
            long still = System.nanoTime() - lastChange;
            if (now != found) {
                found = now;
                lastChange = System.nanoTime();
            } else if (still > Duration.ofSeconds(10).toNanos() && pending() == 0
                    || still > Duration.ofSeconds(30).toNanos()) {
                break; // the outbox is empty, or nothing arrived for 30 s: what is missing now stays missing
            }
        }
        double waited = (System.nanoTime() - start) / 1e9;
        ctx.results().add(new Figure("gateway.events.missing", SECTION, "usage events missing in ingest after the run",
                "events", Spread.single(Math.max(0, acknowledged - found)), Target.atMost(0), String.format(Locale.ROOT,
                "%,d calls acknowledged by the gateway (warm-up included), %,d events of team %s with status ok in "
                        + "ingest.usage_events after %.1f s", acknowledged, found, team, waited)));
        if (found > acknowledged) {
            ctx.results().remark(SECTION, (found - acknowledged) + " more usage events than acknowledged calls: "
                    + "events for calls the client counted as failed, or duplicates");
        }
    }

    private long count() throws Exception {
        String n = ctx.db().scalar("ingest", "SELECT count(*) FROM ingest.usage_events WHERE team_id = '" + team
                + "' AND kind = 'usage' AND status = 'ok'");
        return n == null ? 0 : Long.parseLong(n);
    }

    /** Events still in the gateway's outbox (NaN: the gauge is not exported). */
    private double pending() {
        try {
            return ctx.api().metrics(ctx.suite().url("gateway")).value("finops_gateway_outbox_pending")
                    .orElse(Double.NaN);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}

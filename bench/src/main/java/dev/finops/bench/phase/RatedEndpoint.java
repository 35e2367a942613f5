package dev.finops.bench.phase;

import dev.finops.bench.Context;
import dev.finops.bench.load.OpenLoop;
import dev.finops.bench.report.Figure;
import dev.finops.bench.report.Spread;
import dev.finops.bench.report.Target;
import dev.finops.bench.suite.PromText;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * One endpoint at a constant rate, timed by the client (open loop, HdrHistogram) and by the service's own Micrometer
 * timer from /q/metrics: its p50/p99 (Micrometer's sliding window of about two minutes) and the exact mean of this
 * run (the timer's sum and count before and after).
 */
final class RatedEndpoint {

    private RatedEndpoint() {
    }

    private static final int CONNECTIONS = 64;

    static void measure(Context ctx, String section, String id, String label, String service, String timer,
                        String path, String key, int rate, LongFunction<String> body) throws Exception {
        List<Double> c50 = new ArrayList<>();
        List<Double> c99 = new ArrayList<>();
        List<Double> s50 = new ArrayList<>();
        List<Double> s99 = new ArrayList<>();
        List<Double> sMean = new ArrayList<>();
        List<Double> achieved = new ArrayList<>();
        URI server = ctx.suite().url(service);
        OpenLoop.run(server, CONNECTIONS, rate, ctx.plan().warmUp(), i -> new OpenLoop.Post(path, key, body.apply(i)));
        for (int rep = 0; rep < ctx.plan().reps(); rep++) {
            PromText before = ctx.api().metrics(server);
            OpenLoop.Result r = OpenLoop.run(server, CONNECTIONS, rate, ctx.plan().check(),
                    i -> new OpenLoop.Post(path, key, body.apply(i)));
            PromText after = ctx.api().metrics(server);
            c50.add(r.percentileMillis(50));
            c99.add(r.percentileMillis(99));
            achieved.add(r.achievedRate());
            s50.add(after.value(timer, "quantile", "0.5").orElse(Double.NaN) * 1000);
            s99.add(after.value(timer, "quantile", "0.99").orElse(Double.NaN) * 1000);
            double count = after.sum(timer + "_count") - before.sum(timer + "_count");
            double sum = after.sum(timer + "_sum") - before.sum(timer + "_sum");
            sMean.add(count > 0 ? sum / count * 1000 : Double.NaN);
            if (r.failed() > 0) {
                ctx.results().remark(section, label + ", repetition " + rep + ": " + r.failed() + " of " + r.sent()
                        + " requests were not 2xx (status counts " + r.statuses() + ")");
            }
            if (r.maxSendLagMillis() > 5) {
                ctx.results().remark(section, String.format(Locale.ROOT, "%s, repetition %d: the client fell behind its "
                        + "schedule by up to %.1f ms (counted in the client latencies)", label, rep, r.maxSendLagMillis()));
            }
        }
        String how = "POST at a constant " + rate + " req/s from " + CONNECTIONS + " keep-alive connections, open loop, " + ctx.plan().check().toSeconds()
                + " s per run; " + ctx.plan().repetitionsNote();
        var results = ctx.results();
        results.add(new Figure(id + ".rate", section, label + ": achieved rate", "req/s", Spread.of(achieved), null, how));
        results.add(new Figure(id + ".client.p50", section, label + ": client p50", "ms", Spread.of(c50), null,
                "HTTP round trip on the same machine"));
        results.add(new Figure(id + ".client.p99", section, label + ": client p99", "ms", Spread.of(c99), null, ""));
        results.add(new Figure(id + ".server.p50", section, label + ": server p50", "ms", Spread.of(s50), null,
                timer + "{quantile=\"0.5\"}"));
        results.add(new Figure(id + ".server.p99", section, label + ": server p99", "ms", Spread.of(s99), Target.below(1),
                timer + "{quantile=\"0.99\"} right after the run (Micrometer's window also holds up to ~2 min before it)"));
        results.add(new Figure(id + ".server.mean", section, label + ": server mean", "ms", Spread.of(sMean), null,
                "sum/count of " + timer + " over exactly this run"));
    }
}

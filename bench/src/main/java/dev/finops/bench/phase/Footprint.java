package dev.finops.bench.phase;

import dev.finops.bench.Context;
import dev.finops.bench.report.Figure;
import dev.finops.bench.report.Spread;
import dev.finops.bench.report.Target;
import dev.finops.bench.suite.Suite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 10 item 7: start-up time to ready (each service started alone, one after another, so they do not compete
 * for the two cores) and resident memory after warm-up (sampled after each load phase that follows start-up).
 */
public final class Footprint {

    private static final String SECTION = "7. Footprint";

    private final Map<String, List<Double>> rss = new LinkedHashMap<>();

    /** Starts the suite plan.reps times (stopping it in between) and leaves it running. */
    public void startSuite(Context ctx) throws Exception {
        Map<String, List<Double>> startup = new LinkedHashMap<>();
        List<Double> whole = new ArrayList<>();
        for (int rep = 0; rep < ctx.plan().reps(); rep++) {
            ctx.suite().down();
            double sum = 0;
            for (String service : Suite.SERVICES) {
                double seconds = ctx.suite().start(service).toMillis() / 1000.0;
                startup.computeIfAbsent(service, s -> new ArrayList<>()).add(seconds);
                sum += seconds;
            }
            whole.add(sum);
        }
        startup.forEach((service, seconds) -> ctx.results().add(new Figure("startup." + service, SECTION,
                service + "-service start-up to ready", "s", Spread.of(seconds), Target.below(2),
                "from launch (PID file) to /q/health/ready UP, polled every 10 ms; " + ctx.plan().repetitionsNote())));
        ctx.results().add(new Figure("startup.suite", SECTION, "whole suite, services started one after another", "s",
                Spread.of(whole), null, "sum of the " + Suite.SERVICES.size() + " start-up times"));
    }

    /** One RSS sample of every service (call after each warm-up phase). */
    public void sampleRss(Context ctx) throws Exception {
        double total = 0;
        for (String service : Suite.SERVICES) {
            double mib = ctx.suite().rssMib(service);
            rss.computeIfAbsent(service, s -> new ArrayList<>()).add(mib);
            total += mib;
        }
        rss.computeIfAbsent("suite", s -> new ArrayList<>()).add(total);
    }

    public void reportRss(Context ctx) {
        if (rss.isEmpty()) {
            return;
        }
        rss.forEach((service, mib) -> ctx.results().add(new Figure("rss." + service, SECTION,
                service.equals("suite") ? "whole suite RSS after warm-up" : service + "-service RSS after warm-up",
                "MiB", Spread.of(mib),
                service.equals("suite") ? null : Target.below(service.equals("cache") ? 400 : 200),
                "VmRSS, sampled after each load phase that follows start-up (" + mib.size()
                        + " samples); JVM options: " + System.getenv().getOrDefault("FINOPS_JAVA_OPTS",
                        "-Xms64m -Xmx384m (finops default)"))));
    }
}

package dev.finops.bench;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.finops.bench.phase.BudgetCheck;
import dev.finops.bench.phase.Footprint;
import dev.finops.bench.phase.Gateway;
import dev.finops.bench.phase.IngestThroughput;
import dev.finops.bench.phase.Routing;
import dev.finops.bench.phase.SemanticCache;
import dev.finops.bench.phase.SteadyIngest;
import dev.finops.bench.report.Markdown;
import dev.finops.bench.report.Results;
import dev.finops.bench.suite.Api;
import dev.finops.bench.suite.Db;
import dev.finops.bench.suite.Suite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * ./finops bench: starts its own suite (ports, state directory and database exported by ./finops), runs every
 * measurement of issue 10 and writes the JSON results and the Markdown table.
 *
 * <pre>java -jar bench/target/finops-bench.jar [--quick] [--only steady,check,routing,cache,gateway,throughput]
 * java -jar bench/target/finops-bench.jar [--quick] --render   (the Markdown again from the last JSON)</pre>
 */
public final class Bench {

    /** The measurements, in the order they run; --only picks some of them (the suite always starts). */
    static final List<String> PHASES = List.of("steady", "check", "routing", "cache", "gateway", "throughput");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int only = List.of(args).indexOf("--only");
        List<String> selected = only >= 0 && only + 1 < args.length ? List.of(args[only + 1].split(",")) : PHASES;
        boolean render = List.of(args).contains("--render");
        if (!PHASES.containsAll(selected) || args.length != (quick ? 1 : 0) + (only >= 0 ? 2 : 0) + (render ? 1 : 0)) {
            System.err.println("usage: ./finops bench [--quick] [--only " + String.join(",", PHASES) + "] | [--quick] --render");
            System.exit(2);
        }
        Plan plan = quick ? Plan.quickPlan() : Plan.full();
        Path root = Path.of(env("FINOPS_ROOT", ".")).toAbsolutePath().normalize();
        Path stateDir = root.resolve(env("FINOPS_STATE_DIR", ".finops/bench"));
        if (render) { // the Markdown again from the last run's JSON, e.g. after editing bench/ANALYSIS.md
            Results last = Api.JSON.copy().setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(output(root, stateDir, quick, "json").toFile(), Results.class);
            writeMarkdown(root, stateDir, quick, last);
            return;
        }
        Path workDir = Files.createDirectories(stateDir.resolve("work"));
        Api api = new Api(Api.newClient());
        Suite suite = new Suite(root, stateDir, Integer.parseInt(env("FINOPS_PORT_BASE", "9300")), api);
        Db db = Db.fromEnvironment();
        Results results = new Results();
        String runId = Long.toString(Instant.now().getEpochSecond(), 36);
        Context ctx = new Context(plan, suite, api, db, results, workDir, runId);
        long started = System.nanoTime();
        Machine.describe(root, db, plan, selected, results);

        suite.down();
        for (String service : Suite.SERVICES) {
            db.dropSchema(service); // every run starts from empty schemas in its own database
        }
        Footprint footprint = new Footprint();
        try {
            footprint.startSuite(ctx);
            phase(results, selected, "steady", () -> new SteadyIngest(ctx).run());
            phase(results, selected, "steady", () -> footprint.sampleRss(ctx));
            phase(results, selected, "check", () -> BudgetCheck.run(ctx));
            phase(results, selected, "routing", () -> Routing.run(ctx));
            phase(results, selected, "routing", () -> footprint.sampleRss(ctx));
            phase(results, selected, "cache", () -> new SemanticCache(ctx, Mrpc.pairs(root)).run());
            phase(results, selected, "cache", () -> footprint.sampleRss(ctx));
            phase(results, selected, "gateway", () -> new Gateway(ctx).run());
            phase(results, selected, "gateway", () -> footprint.sampleRss(ctx));
            footprint.reportRss(ctx);
            phase(results, selected, "throughput", () -> new IngestThroughput(ctx).run());
        } finally {
            suite.down();
        }
        results.fact("loadavg at the end (1/5/15 min)", Machine.loadavg());
        results.fact("run took", Math.round((System.nanoTime() - started) / 1e9) + " s");
        write(root, stateDir, quick, results);
    }

    interface Step {
        void run() throws Exception;
    }

    /** A failed measurement is reported as such; the others still run. */
    private static void phase(Results results, List<String> selected, String name, Step step) {
        if (!selected.contains(name)) {
            return;
        }
        try {
            step.run();
        } catch (Exception e) {
            e.printStackTrace();
            results.remark("Failures", name + " failed: " + e);
        }
    }

    private static Path output(Path root, Path stateDir, boolean quick, String extension) {
        return quick ? stateDir.resolve("performance-quick." + extension) : root.resolve("docs/performance." + extension);
    }

    private static void write(Path root, Path stateDir, boolean quick, Results results) throws Exception {
        Api.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(output(root, stateDir, quick, "json").toFile(), results);
        writeMarkdown(root, stateDir, quick, results);
    }

    private static void writeMarkdown(Path root, Path stateDir, boolean quick, Results results) throws Exception {
        Path md = output(root, stateDir, quick, "md");
        Path analysis = root.resolve("bench/ANALYSIS.md");
        String notes = Files.exists(analysis) && !quick ? Files.readString(analysis) : "";
        Files.writeString(md, Markdown.of(results, root.relativize(output(root, stateDir, quick, "json")).toString(),
                notes), StandardCharsets.UTF_8);
        System.out.println("bench: wrote " + md + " and " + output(root, stateDir, quick, "json"));
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** The machine and run facts recorded beside the figures. */
    static final class Machine {

        static void describe(Path root, Db db, Plan plan, List<String> selected, Results results) throws Exception {
            results.fact("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            results.fact("commit", git(root, "rev-parse", "--short", "HEAD") + (git(root, "status", "--porcelain",
                    "--untracked-files=no", "--", ".", ":!docs/performance.*").isEmpty() ? "" : " (with uncommitted changes)"));
            results.fact("mode", (plan.quick() ? "--quick" : "default")
                + (selected.equals(PHASES) ? "" : ", only " + String.join(",", selected)));
            results.fact("quick", plan.quick());
            results.fact("cores", Runtime.getRuntime().availableProcessors());
            results.fact("loadavg at the start (1/5/15 min)", loadavg());
            results.fact("memory", Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " "));
            results.fact("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            try (Connection c = db.connect("ingest"); Statement s = c.createStatement()) {
                List<String> settings = new ArrayList<>();
                for (String name : List.of("server_version", "synchronous_commit", "fsync", "shared_buffers")) {
                    try (var rs = s.executeQuery("SHOW " + name)) {
                        rs.next();
                        settings.add(name + "=" + rs.getString(1));
                    }
                }
                results.fact("postgres", String.join(", ", settings) + " (same machine)");
            }
        }

        static String loadavg() {
            try {
                String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
                return f[0] + " / " + f[1] + " / " + f[2];
            } catch (Exception e) {
                return "unknown";
            }
        }

        private static String git(Path root, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? out : "unknown";
        }
    }
}

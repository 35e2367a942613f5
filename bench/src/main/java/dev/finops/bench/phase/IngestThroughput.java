package dev.finops.bench.phase;

import dev.finops.bench.Context;
import dev.finops.bench.load.Wrk;
import dev.finops.bench.report.Figure;
import dev.finops.bench.report.Spread;
import dev.finops.bench.report.Target;
import dev.finops.bench.suite.PromText;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 10 items 1 and 8: sustained ingest throughput over HTTP keep-alive (wrk, closed loop) with batches of 100
 * and single events, every acknowledged event checked in Postgres afterwards; side by side the raw limit of the same
 * table (COPY, multi-row INSERT); then the scaling curve over 1..16 clients once the table holds the planned number
 * of stored events. budget-, anomaly- and cache-service are paused (SIGSTOP) meanwhile, so the figures are ingest's
 * and Postgres's alone; they resume and catch up on the feed afterwards.
 */
public final class IngestThroughput {

    static final String SECTION = "1. Ingest throughput";
    static final String SECTION_SCALING = "8. Scaling curve";
    private static final List<String> PAUSED = List.of("budget", "anomaly", "cache");
    private static final int BATCH_CONNECTIONS = 8;
    private static final int SINGLE_CONNECTIONS = 64;

    private final Context ctx;
    private final RawInsert raw;
    private final String timestamp = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString();

    public IngestThroughput(Context ctx) {
        this.ctx = ctx;
        this.raw = new RawInsert(ctx.db());
    }

    public void run() throws Exception {
        for (String s : PAUSED) {
            ctx.suite().signal(s, "STOP");
        }
        try {
            throughput();
            scaling();
        } finally {
            for (String s : PAUSED) {
                ctx.suite().signal(s, "CONT");
            }
        }
    }

    private void throughput() throws Exception {
        List<Double> batch = new ArrayList<>();
        List<Double> single = new ArrayList<>();
        List<Double> copy = new ArrayList<>();
        List<Double> insert = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        List<Double> eventsPerCommit = new ArrayList<>();
        Instant ts = Instant.parse(timestamp);
        http("warm-up", BATCH_CONNECTIONS, ctx.plan().warmUp(), 100); // JIT and pools warm, not counted
        for (int rep = 0; rep < ctx.plan().reps(); rep++) {
            PromText before = ctx.api().metrics(ctx.suite().url("ingest"));
            batch.add(http("tp-b-" + rep, BATCH_CONNECTIONS, ctx.plan().throughputBatch(), 100));
            PromText after = ctx.api().metrics(ctx.suite().url("ingest"));
            double commits = after.sum("finops_ingest_commit_size_count") - before.sum("finops_ingest_commit_size_count");
            double events = after.sum("finops_ingest_commit_size_sum") - before.sum("finops_ingest_commit_size_sum");
            eventsPerCommit.add(commits > 0 ? events / commits : Double.NaN);
            single.add(http("tp-s-" + rep, SINGLE_CONNECTIONS, ctx.plan().throughputSingle(), 1));
            copy.add(raw.copy("raw-c-" + ctx.runId() + "-" + rep, ctx.plan().rawRows(), ts));
            insert.add(raw.multiRowInsert("raw-i-" + ctx.runId() + "-" + rep, ctx.plan().rawRows(), ts));
            ratio.add(batch.get(rep) / copy.get(rep));
        }
        String reps = ctx.plan().repetitionsNote();
        var results = ctx.results();
        results.add(new Figure("throughput.batch100", SECTION, "HTTP, batches of 100", "events/s", Spread.of(batch),
                Target.atLeast(25_000), "wrk, " + BATCH_CONNECTIONS + " keep-alive connections, "
                + ctx.plan().throughputBatch().toSeconds() + " s per run, only 2xx answers counted; " + reps));
        results.add(new Figure("throughput.commit.size", SECTION, "events per group-commit transaction (batches)",
                "events", Spread.of(eventsPerCommit), null, "finops_ingest_commit_size sum/count over the batch runs"));
        results.add(new Figure("throughput.single", SECTION, "HTTP, single events", "events/s", Spread.of(single), null,
                "wrk, " + SINGLE_CONNECTIONS + " keep-alive connections, " + ctx.plan().throughputSingle().toSeconds()
                        + " s per run"));
        results.add(new Figure("throughput.raw.copy", SECTION, "raw limit: COPY into ingest.usage_events", "rows/s",
                Spread.of(copy), null, String.format(Locale.ROOT, "%,d rows per run, one transaction, JDBC CopyManager, "
                        + "no HTTP", ctx.plan().rawRows())));
        results.add(new Figure("throughput.raw.insert", SECTION, "raw limit: multi-row INSERT (100 rows per transaction)",
                "rows/s", Spread.of(insert), null, "4 JDBC connections, each statement its own durable commit"));
        results.add(new Figure("throughput.ratio", SECTION, "HTTP batches of 100 / raw COPY", "", Spread.of(ratio),
                Target.atLeast(0.30), "per repetition, measured back to back"));
        results.remark(SECTION, "budget-, anomaly- and cache-service are paused (SIGSTOP) during sections 1 and 8, so "
                + "the figures are ingest-service's and Postgres's; the raw limit writes only usage_events, while each "
                + "ingested event also claims its idempotency key, updates the hourly rollup and records its run");
    }

    /** One wrk run as a fresh team (its own ingest key); answers acknowledged events per second. */
    private double http(String label, int connections, Duration duration, int batch) throws Exception {
        String team = label + "-" + ctx.runId();
        String key = ctx.newKey("ingest", team);
        Wrk.Run run = Wrk.usage(ctx.url("ingest", "/api/v1/usage"), key, connections, duration, batch, team, timestamp,
                ctx.workDir());
        long acked = run.acknowledged() * batch;
        long stored = RawInsert.count(ctx.db(), team);
        if (stored < acked) {
            ctx.results().remark(SECTION, String.format("%s: %d events acknowledged but only %d stored — acks NOT durable",
                    team, acked, stored));
        }
        if (run.non2xx() > 0 || run.socketErrors() > 0) {
            ctx.results().remark(SECTION, String.format("%s: %d answers not 2xx, %d socket errors", team, run.non2xx(),
                    run.socketErrors()));
        }
        return acked / run.seconds();
    }

    private void scaling() throws Exception {
        long stored = RawInsert.countAll(ctx.db());
        if (stored < ctx.plan().storedEvents()) {
            long started = System.nanoTime();
            int missing = (int) (ctx.plan().storedEvents() - stored);
            raw.copy("fixture-" + ctx.runId(), missing, Instant.parse(timestamp).minus(Duration.ofHours(2)));
            ctx.results().remark(SECTION_SCALING, String.format("%,d fixture events COPYed into ingest.usage_events "
                    + "first (%.0f s)", missing, (System.nanoTime() - started) / 1e9));
            stored = RawInsert.countAll(ctx.db());
        }
        for (int clients : ctx.plan().scalingClients()) {
            List<Double> rates = new ArrayList<>();
            for (int rep = 0; rep < ctx.plan().reps(); rep++) {
                rates.add(http("sc-" + clients + "-" + rep, clients, ctx.plan().scalingStep(), 100));
            }
            ctx.results().add(new Figure("scaling." + clients, SECTION_SCALING, clients + " client(s), batches of 100",
                    "events/s", Spread.of(rates), null, clients == ctx.plan().scalingClients().get(0)
                    ? String.format(Locale.ROOT, "wrk, %d s per run, with %,d events stored before the curve; %s",
                    ctx.plan().scalingStep().toSeconds(), stored, ctx.plan().repetitionsNote()) : ""));
        }
        long after = RawInsert.countAll(ctx.db());
        ctx.results().fact("stored events after the run", String.format(Locale.ROOT, "%,d", after));
        ctx.results().remark(SECTION_SCALING, String.format(Locale.ROOT, "ingest.usage_events held %,d events when the "
                + "curve started and %,d at its end (all in today's partitions); 10M stored events were not reached "
                + "within the run's time budget", stored, after));
    }
}

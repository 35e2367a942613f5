package dev.finops.bench.phase;

import dev.finops.bench.suite.Db;
import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;

/**
 * The raw Postgres limit: the same usage-event rows ingest writes, loaded straight into ingest.usage_events (the
 * same partitioned table, indexes and durability settings) with COPY and with multi-row INSERTs, no HTTP and no
 * idempotency, rollup or run bookkeeping.
 */
final class RawInsert {

    static final String COLUMNS = "event_id, team_id, ts, provider, model, priced_model, input_tokens, output_tokens, "
            + "agent_id, feature, session_id, latency_ms, cost_usd, rate_version";
    private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-3-5-haiku"};
    private static final int ROWS_PER_INSERT = 100;
    private static final int INSERT_CLIENTS = 4;

    private final Db db;

    RawInsert(Db db) {
        this.db = db;
    }

    /** COPY of rows events in one transaction (streamed in chunks); answers rows per second including the commit. */
    double copy(String team, int rows, Instant ts) throws Exception {
        try (Connection c = db.connect("ingest")) {
            c.setAutoCommit(false);
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            int chunk = 10_000;
            for (int from = 0; from < rows; from += chunk) {
                StringBuilder data = new StringBuilder(chunk * 160);
                for (int i = from; i < Math.min(rows, from + chunk); i++) {
                    row(data, team, i, ts);
                }
                try (Reader r = new StringReader(data.toString())) {
                    copy.copyIn("COPY ingest.usage_events (" + COLUMNS + ") FROM STDIN", r);
                }
            }
            c.commit();
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Multi-row INSERTs of 100 rows, each its own durable transaction, from 4 connections at once. */
    double multiRowInsert(String team, int rows, Instant ts) throws Exception {
        StringBuilder sql = new StringBuilder("INSERT INTO ingest.usage_events (" + COLUMNS + ") VALUES ");
        for (int r = 0; r < ROWS_PER_INSERT; r++) {
            sql.append(r == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(INSERT_CLIENTS);
        long start = System.nanoTime();
        List<Future<?>> clients = new ArrayList<>();
        int perClient = rows / INSERT_CLIENTS / ROWS_PER_INSERT;
        for (int k = 0; k < INSERT_CLIENTS; k++) {
            int client = k;
            clients.add(pool.submit(() -> {
                try (Connection c = db.connect("ingest"); PreparedStatement p = c.prepareStatement(sql.toString())) {
                    for (int b = 0; b < perClient; b++) {
                        int base = (client * perClient + b) * ROWS_PER_INSERT;
                        for (int r = 0; r < ROWS_PER_INSERT; r++) {
                            bind(p, r * 14, team, base + r, ts);
                        }
                        p.executeUpdate();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();
        return perClient * INSERT_CLIENTS * ROWS_PER_INSERT / ((System.nanoTime() - start) / 1e9);
    }

    static long count(Db db, String team) throws Exception {
        try (Connection c = db.connect("ingest");
             PreparedStatement p = c.prepareStatement("SELECT count(*) FROM ingest.usage_events WHERE team_id = ?")) {
            p.setString(1, team);
            try (var rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long countAll(Db db) throws Exception {
        try (Connection c = db.connect("ingest"); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM ingest.usage_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void row(StringBuilder out, String team, int i, Instant ts) {
        String model = MODELS[i % 3];
        out.append(team).append('-').append(i).append('\t').append(team).append('\t').append(ts).append("\topenai\t")
                .append(model).append('\t').append(model).append('\t').append(500 + i % 1500).append('\t')
                .append(100 + i % 400).append("\tagent-").append(i % 50).append("\tf-").append(i % 10)
                .append("\ts-").append(i % 1000).append("\t800\t0.00").append(1000 + i % 9000).append("\t1\n");
    }

    private static void bind(PreparedStatement p, int at, String team, int i, Instant ts) throws Exception {
        String model = MODELS[i % 3];
        p.setString(at + 1, team + "-" + i);
        p.setString(at + 2, team);
        p.setObject(at + 3, java.time.OffsetDateTime.ofInstant(ts, java.time.ZoneOffset.UTC));
        p.setString(at + 4, "openai");
        p.setString(at + 5, model);
        p.setString(at + 6, model);
        p.setLong(at + 7, 500 + i % 1500);
        p.setLong(at + 8, 100 + i % 400);
        p.setString(at + 9, "agent-" + i % 50);
        p.setString(at + 10, "f-" + i % 10);
        p.setString(at + 11, "s-" + i % 1000);
        p.setInt(at + 12, 800);
        p.setBigDecimal(at + 13, new java.math.BigDecimal("0.00" + (1000 + i % 9000)));
        p.setLong(at + 14, 1);
    }
}

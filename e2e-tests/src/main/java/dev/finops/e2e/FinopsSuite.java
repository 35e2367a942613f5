package dev.finops.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The six packaged services as real processes, started and stopped through the project's own {@code ./finops}
 * script with their own port base and state directory (so a user's {@code ./finops up} on 8081..8086 is left
 * alone), against the Postgres of {@code scripts/db.sh} (FINOPS_PG_PORT from the environment).
 * {@link #start} registers a shutdown hook, so the processes end with the JVM even when tests fail.
 */
public final class FinopsSuite implements AutoCloseable {

    /** The services in start order; each listens on port base + offset. */
    public enum Service {
        ingest(1), pricing(2), budget(3), anomaly(4), cache(5), gateway(6);

        final int offset;

        Service(int offset) {
            this.offset = offset;
        }
    }

    private final Path root;
    private final Path stateDir;
    private final int portBase;
    private final Map<String, String> serviceEnv;
    private final Thread shutdownHook = new Thread(this::stopQuietly, "finops-e2e-stop");
    private String adminKey;

    private FinopsSuite(Path root, Path stateDir, int portBase, Map<String, String> serviceEnv) {
        this.root = root;
        this.stateDir = stateDir;
        this.portBase = portBase;
        this.serviceEnv = Map.copyOf(serviceEnv);
    }

    /**
     * Starts all six services (ready, rates loaded) and answers when they are.
     *
     * @param root       the project directory (holding {@code finops})
     * @param stateDir   keys, logs and PID files of this suite (e.g. under target/)
     * @param portBase   services on portBase+1..+6
     * @param serviceEnv extra environment of the service processes (configuration overrides)
     */
    public static FinopsSuite start(Path root, Path stateDir, int portBase, Map<String, String> serviceEnv) {
        FinopsSuite suite = new FinopsSuite(root.toAbsolutePath().normalize(), stateDir.toAbsolutePath(), portBase,
                serviceEnv);
        Runtime.getRuntime().addShutdownHook(suite.shutdownHook);
        suite.finops(List.of("down", "--keep-db"), null); // a previous run killed hard may have left some
        suite.finops(List.of("up", "--no-build"), null);
        return suite;
    }

    /** Reads the settings the e2e module's failsafe configuration passes (system properties), with defaults. */
    public static FinopsSuite startFromSystemProperties(Map<String, String> serviceEnv) {
        Path root = Path.of(System.getProperty("finops.e2e.root", ".."));
        Path state = Path.of(System.getProperty("finops.e2e.state-dir", "target/finops-e2e"));
        int base = Integer.parseInt(System.getProperty("finops.e2e.port-base", "9200"));
        return start(root, state, base, serviceEnv);
    }

    public String url(Service s) {
        return "http://localhost:" + (portBase + s.offset);
    }

    public int port(Service s) {
        return portBase + s.offset;
    }

    /** ingest-service's OTLP/gRPC port: base + 17, as ./finops gives every suite off the default base. */
    public int otlpGrpcPort() {
        return portBase + 17;
    }

    public List<String> urls() {
        return java.util.Arrays.stream(Service.values()).map(this::url).toList();
    }

    /** The bootstrap admin key of this suite. */
    public String adminKey() {
        if (adminKey == null) {
            adminKey = read(stateDir.resolve("admin-key")).strip();
        }
        return adminKey;
    }

    public Path logOf(Service s) {
        return stateDir.resolve("logs").resolve(s + "-service.log");
    }

    /** Every log file of this suite (current and the previous one kept per service). */
    public List<Path> logs() {
        try (var files = Files.list(stateDir.resolve("logs"))) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keys the services use to call each other (they must never leak either). */
    public List<String> serviceKeys() {
        List<String> keys = new ArrayList<>();
        for (Service s : Service.values()) {
            Path f = stateDir.resolve("keys").resolve(s + "-service.key");
            if (Files.exists(f)) {
                keys.add(read(f).strip());
            }
        }
        return keys;
    }

    /** SIGKILL, no shutdown: what a crash or an OOM kill does. */
    public void kill(Service s) {
        signal(s, "KILL");
    }

    /** SIGTERM and wait until the process is gone. */
    public void stop(Service s) {
        signal(s, "TERM");
    }

    /** Starts one service (again) and waits until it is ready. */
    public void start(Service s) {
        finops(List.of("up", "--no-build"), s.name());
    }

    public boolean ready(Service s) {
        try {
            Http.Response r = Http.send("GET", url(s) + "/q/health/ready", null, null, "application/json",
                    Duration.ofSeconds(3));
            return r.status() == 200 && r.body().contains("\"UP\"");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** scripts/db.sh stop: the cluster every service uses goes away. */
    public void stopPostgres() {
        run(List.of("scripts/db.sh", "stop"), Map.of());
    }

    /** scripts/db.sh start: back on the same port and data directory. */
    public void startPostgres() {
        run(List.of("scripts/db.sh", "start"), Map.of());
    }

    /** scripts/db.sh restart: pg_ctl restart -m fast (connections are cut, the server is back within seconds). */
    public void restartPostgres() {
        run(List.of("scripts/db.sh", "restart"), Map.of());
    }

    /**
     * A second process of a service on another port, against the same database and the suite's other services,
     * with the settings {@code ./finops up} gives the first one (its service key, the other services' URLs, the
     * allowed hosts, this suite's environment). {@code ./finops} manages one process per service, so this is the
     * one place that launches a jar itself. Answers when the replica is ready; close() kills it.
     */
    public Replica startReplica(Service s, int port) {
        Map<String, String> env = new java.util.HashMap<>(serviceEnv);
        env.put("FINOPS_SERVICE_KEY", read(stateDir.resolve("keys").resolve(s + "-service.key")).strip());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.putIfAbsent("FINOPS_ALERTS_ALLOWED_HOSTS", "127.0.0.1");
        env.putIfAbsent("FINOPS_GATEWAY_ALLOWED_HOSTS", "127.0.0.1,localhost,api.openai.com,api.anthropic.com");
        for (Service other : Service.values()) {
            env.put("FINOPS_" + other.name().toUpperCase(java.util.Locale.ROOT) + "_URL", url(other));
        }
        Path log = stateDir.resolve("logs").resolve(s + "-service-replica-" + port + ".log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder("java", "-Xms64m", "-Xmx384m", "-jar",
                    root.resolve(s + "-service/target/quarkus-app/quarkus-run.jar").toString())
                    .directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            pb.environment().keySet().removeIf(k -> k.equals("FINOPS_ADMIN_KEY") || k.equals("FINOPS_SERVICE_KEYS"));
            pb.environment().putAll(env);
            Replica replica = new Replica(pb.start(), "http://localhost:" + port, log);
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (!replica.ready()) {
                if (!replica.process.isAlive() || System.nanoTime() > deadline) {
                    replica.close();
                    throw new IllegalStateException(s + " replica on port " + port + " did not become ready; its log:\n"
                            + tail(log));
                }
                Pause.millis(500);
            }
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An extra process of a service (see {@link #startReplica}). */
    public static final class Replica implements AutoCloseable {
        private final Process process;
        private final String url;
        private final Path log;

        Replica(Process process, String url, Path log) {
            this.process = process;
            this.url = url;
            this.log = log;
        }

        public String url() {
            return url;
        }

        public Path log() {
            return log;
        }

        public long pid() {
            return process.pid();
        }

        boolean ready() {
            try {
                Http.Response r = Http.send("GET", url + "/q/health/ready", null, null, "application/json",
                        Duration.ofSeconds(3));
                return r.status() == 200 && r.body().contains("\"UP\"");
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** SIGKILL, and wait until it is gone. */
        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs
        }
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            finops(List.of("down", "--keep-db"), null);
        } catch (RuntimeException e) {
            System.err.println("finops e2e: stopping the services failed: " + e.getMessage());
        }
    }

    private void signal(Service s, String signal) {
        Path pidFile = stateDir.resolve("run").resolve(s + "-service.pid");
        long pid = Long.parseLong(read(pidFile).strip());
        ProcessHandle.of(pid).ifPresent(p -> {
            run(List.of("kill", "-" + signal, String.valueOf(pid)), Map.of());
            p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
    }

    private void finops(List<String> args, String onlyService) {
        List<String> cmd = new ArrayList<>();
        cmd.add("./finops");
        cmd.addAll(args);
        Map<String, String> env = new java.util.HashMap<>(serviceEnv);
        env.put("FINOPS_PORT_BASE", String.valueOf(portBase));
        env.put("FINOPS_OTLP_GRPC_PORT", String.valueOf(otlpGrpcPort()));
        env.put("FINOPS_STATE_DIR", stateDir.toString());
        if (onlyService != null) {
            env.put("FINOPS_SERVICES", onlyService);
        }
        run(cmd, env);
    }

    private void run(List<String> cmd, Map<String, String> env) {
        try {
            Files.createDirectories(stateDir);
            Path out = stateDir.resolve("commands.log");
            Files.writeString(out, "$ " + String.join(" ", cmd) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
            // settings meant for a user's own suite must not leak into this one
            pb.environment().keySet().removeIf(k -> k.equals("FINOPS_ADMIN_KEY") || k.equals("FINOPS_SERVICES")
                    || k.startsWith("FINOPS_") && k.endsWith("_URL"));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 300 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue()
                        + "); its output:\n" + tail(out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

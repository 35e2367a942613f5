package dev.finops.bench.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's own suite, run through the project's ./finops script with the port base, state directory and
 * database ./finops bench exported (so it never touches a suite started by ./finops up). Services are started one at
 * a time so each one's start-up is timed alone.
 */
public final class Suite {

    public static final List<String> SERVICES = List.of("ingest", "pricing", "budget", "anomaly", "cache", "gateway");

    private final Path root;
    private final Path stateDir;
    private final int portBase;
    private final Api api;
    private final Path log;

    public Suite(Path root, Path stateDir, int portBase, Api api) {
        this.root = root;
        this.stateDir = stateDir;
        this.portBase = portBase;
        this.api = api;
        this.log = stateDir.resolve("logs/bench-finops.log");
    }

    public URI url(String service) {
        return URI.create("http://localhost:" + (portBase + 1 + SERVICES.indexOf(service)));
    }

    public URI url(String service, String path) {
        return url(service).resolve(path);
    }

    public String adminKey() throws IOException {
        return Files.readString(stateDir.resolve("admin-key")).strip();
    }

    /** Stops every service of this suite; Postgres keeps running. */
    public void down() throws IOException, InterruptedException {
        finops(Map.of(), "down", "--keep-db");
    }

    /** Starts one service with ./finops up and answers the time from its launch (PID file written) to ready. */
    public Duration start(String service) throws IOException, InterruptedException {
        Path pidFile = pidFile(service);
        Files.deleteIfExists(pidFile);
        Process up = process(Map.of("FINOPS_SERVICES", service), "up", "--no-build");
        while (!Files.exists(pidFile) && up.isAlive()) {
            Thread.sleep(2);
        }
        Instant launched = Files.getLastModifiedTime(pidFile).toInstant();
        Instant ready = null;
        while (ready == null) {
            if (isReady(service)) {
                ready = Instant.now();
            } else if (!up.isAlive() && up.exitValue() != 0) {
                throw new IllegalStateException(service + "-service did not start; see " + log);
            } else {
                Thread.sleep(10);
            }
        }
        if (up.waitFor() != 0) {
            throw new IllegalStateException("./finops up for " + service + " failed; see " + log);
        }
        return Duration.between(launched, ready);
    }

    /** Stops one service (SIGTERM) and waits until it is gone. */
    public void stop(String service) throws Exception {
        ProcessHandle handle = ProcessHandle.of(pid(service)).orElseThrow();
        handle.destroy();
        handle.onExit().get(30, TimeUnit.SECONDS);
        Files.deleteIfExists(pidFile(service));
    }

    public long pid(String service) throws IOException {
        return Long.parseLong(Files.readString(pidFile(service)).strip());
    }

    /** Resident set size of the service's JVM, in MiB. */
    public double rssMib(String service) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid(service)), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for " + service + "-service");
    }

    /** Freezes (SIGSTOP) or resumes (SIGCONT) a service, so it takes no CPU while another one is measured alone. */
    public void signal(String service, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid(service))).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + service + " failed");
        }
    }

    public boolean isReady(String service) {
        try {
            HttpResponse<String> r = api.client().send(HttpRequest.newBuilder(url(service, "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Path pidFile(String service) {
        return stateDir.resolve("run/" + service + "-service.pid");
    }

    private void finops(Map<String, String> env, String... args) throws IOException, InterruptedException {
        if (process(env, args).waitFor() != 0) {
            throw new IllegalStateException("./finops " + String.join(" ", args) + " failed; see " + log);
        }
    }

    private Process process(Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("finops").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }
}

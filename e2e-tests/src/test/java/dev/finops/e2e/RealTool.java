package dev.finops.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One of the monitoring tools the suite's users run (Debian's Prometheus or Alertmanager, installed by
 * {@code scripts/real-tools.sh}), started as a local process on loopback with a configuration of the test's own,
 * and stopped when the test ends.
 */
final class RealTool implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("finops.e2e.root", "..")).toAbsolutePath().normalize();
    static final int PORT_BASE = Integer.parseInt(System.getProperty("finops.e2e.port-base", "9200"));

    private final String name;
    private final Process process;
    private final Path log;
    private final String url;

    private RealTool(String name, Process process, Path log, String url) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /** Installs the packages when missing (root or sudo; apt-get update first, so allow minutes). */
    static void install() {
        run(List.of("bash", "scripts/real-tools.sh", "install"), Duration.ofMinutes(15));
    }

    /** The binary of {@code tool} (prometheus, promtool, alertmanager, amtool). */
    static String binary(String tool) {
        return run(List.of("bash", "scripts/real-tools.sh", "path", tool), Duration.ofSeconds(30)).strip();
    }

    /** A clean working directory for a tool's configuration and data, under target/real-tools. */
    static Path workDir(String name) {
        Path dir = ROOT.resolve("e2e-tests/target/real-tools").resolve(name);
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code command} in {@code dir} and waits until {@code url}/-/ready answers 200. */
    static RealTool start(String name, List<String> command, Path dir, String url) {
        Path log = dir.resolve(name + ".log");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        RealTool tool = new RealTool(name, p, log, url);
        try {
            SuiteApi.await(name + " ready at " + url, Duration.ofSeconds(60), () -> {
                if (!p.isAlive()) {
                    throw new AssertionError(name + " exited (" + p.exitValue() + "):\n" + tool.logTail());
                }
                return Http.send("GET", url + "/-/ready", null, null, "application/json", Duration.ofSeconds(2))
                        .status() == 200;
            });
        } catch (AssertionError | RuntimeException e) {
            tool.close();
            throw new AssertionError(e.getMessage() + "\n" + tool.logTail(), e);
        }
        return tool;
    }

    String url() {
        return url;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        System.out.println(name + " stopped; its log: " + log);
    }

    private static String run(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).directory(ROOT.toFile()).redirectErrorStream(true)
                    .start();
            // read while it runs: apt-get may print more than a pipe holds
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    out.append("(output lost: ").append(e.getMessage()).append(')');
                }
            });
            reader.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout.toSeconds() + " s");
            }
            reader.join(5000);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + out);
            }
            return out.toString().lines().filter(l -> !l.startsWith("real-tools.sh: ") && !l.startsWith("debconf: "))
                    .reduce("", (a, b) -> a + b + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

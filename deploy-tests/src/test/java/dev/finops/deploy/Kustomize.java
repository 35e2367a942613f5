package dev.finops.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders an overlay with {@code kubectl kustomize} (offline, no cluster). kubectl is $KUBECTL or the one on
 * PATH; without it the tests fail with what to install: a manifest check that silently skips guards nothing.
 */
final class Kustomize {

    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The YAML stream of k8s/overlays/{overlay}, rendered once per JVM. */
    static String render(String overlay) {
        return renderDir("k8s/overlays/" + overlay);
    }

    /** The YAML stream of any kustomization under the project (e.g. k8s/teams/research), rendered once per JVM. */
    static String renderDir(String dir) {
        return RENDERED.computeIfAbsent(dir, d -> run(List.of(kubectl(), "kustomize", d)));
    }

    private static String kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "kubectl"))) {
                return Path.of(dir, "kubectl").toString();
            }
        }
        throw new IllegalStateException("""
                kubectl is not on PATH, and the k8s/ manifests are rendered with `kubectl kustomize` (kustomize v5; \
                kubectl >= 1.27). Debian bookworm's kubernetes-client (1.20) is too old: install kubectl from \
                https://kubernetes.io/docs/tasks/tools/ (or the pkgs.k8s.io apt repository), or set KUBECTL=/path/to/kubectl.""");
    }

    private static String run(List<String> command) {
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            Process p = new ProcessBuilder(command).directory(Project.ROOT.toFile())
                    .redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
            }
            String stderr = Files.readString(err);
            Files.delete(err);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "):\n" + stderr);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}

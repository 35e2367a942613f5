package dev.finops.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The official npm SDKs (openai, @anthropic-ai/sdk) run by Debian's Node.js: {@code e2e-tests/node/sdk-calls.mjs}
 * gets a spec on stdin and prints one JSON line per call. The packages are installed on first use by
 * {@code scripts/node-tools.sh} (so {@code ./finops test} on a fresh clone installs them).
 */
final class NodeSdk {

    private static boolean installed;

    private NodeSdk() {
    }

    static Path root() {
        return Path.of(System.getProperty("finops.e2e.root", "..")).toAbsolutePath().normalize();
    }

    /** A spec whose clients point at this base URL (the gateway) with this suite key. */
    static Spec spec(String gatewayUrl, String apiKey) {
        return new Spec(gatewayUrl, apiKey);
    }

    /** The calls of a spec, in the SDKs' own words. */
    static final class Spec {
        final Map<String, Object> json = new LinkedHashMap<>();
        final List<Map<String, Object>> calls = new ArrayList<>();
        final Map<String, String> headers = new LinkedHashMap<>();

        Spec(String gatewayUrl, String apiKey) {
            json.put("openaiBaseURL", gatewayUrl + "/v1");
            json.put("anthropicBaseURL", gatewayUrl);
            json.put("apiKey", apiKey);
            json.put("headers", headers);
            json.put("calls", calls);
        }

        /** A header every call sends (the clients' defaultHeaders), e.g. X-FinOps-Agent. */
        Spec header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** api: chat, chat-stream, responses, responses-stream, embeddings, models, messages, messages-stream. */
        Spec call(String api, String model, String prompt) {
            return call(api, model, prompt, Map.of());
        }

        /** With per-call options: headers (map), maxTokens, includeUsage, abortAfterChunks. */
        Spec call(String api, String model, String prompt, Map<String, Object> options) {
            Map<String, Object> c = new LinkedHashMap<>(options);
            c.put("api", api);
            c.put("model", model);
            c.put("prompt", prompt);
            calls.add(c);
            return this;
        }

        /** Other settings: maxRetries, timeoutMs, repeat, concurrency, durationMs, pauseAfterErrorMs. */
        Spec set(String name, Object value) {
            json.put(name, value);
            return this;
        }
    }

    /** Runs the spec to its end; answers the result line of each call, in the order they finished. */
    static List<JsonNode> run(Spec spec, Duration timeout) {
        try (Running r = start(spec)) {
            return r.await(timeout);
        }
    }

    /** The first result of a one-call spec. */
    static JsonNode one(Spec spec) {
        List<JsonNode> results = run(spec, Duration.ofSeconds(120));
        if (results.size() != 1) {
            throw new AssertionError("expected one result, got " + results);
        }
        return results.get(0);
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            Process p = new ProcessBuilder(root().resolve("scripts/node-tools.sh").toString())
                    .directory(root().toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("scripts/node-tools.sh failed:\n" + out);
            }
            installed = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the spec in the background; its result lines arrive in {@link Running#lines()} as calls finish. */
    static Running start(Spec spec) {
        install();
        try {
            Path dir = root().resolve("e2e-tests/node");
            Path errors = Files.createTempFile("sdk-calls", ".stderr");
            Process p = new ProcessBuilder("node", "sdk-calls.mjs").directory(dir.toFile())
                    .redirectError(errors.toFile()).start();
            p.getOutputStream().write(Http.JSON.writeValueAsBytes(spec.json));
            p.getOutputStream().close();
            return new Running(p, errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Running implements AutoCloseable {
        private final Process process;
        private final Path errors;
        private final List<JsonNode> lines = new CopyOnWriteArrayList<>();
        private final Thread reader;
        private volatile JsonNode done;

        Running(Process process, Path errors) {
            this.process = process;
            this.errors = errors;
            this.reader = new Thread(this::read, "sdk-calls-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    JsonNode json = parse(line);
                    if (json.path("done").asBoolean()) {
                        done = json;
                    } else {
                        lines.add(json);
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        }

        /** The results so far. */
        List<JsonNode> lines() {
            return List.copyOf(lines);
        }

        /** Waits until the script has printed its last line; fails with its stderr when it did not. */
        List<JsonNode> await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("sdk-calls.mjs did not finish within " + timeout + "; results so far: "
                            + lines.size() + "; stderr: " + stderr());
                }
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (done == null || process.exitValue() != 0) {
                throw new AssertionError("sdk-calls.mjs failed (exit " + process.exitValue() + "): " + stderr());
            }
            return List.copyOf(lines);
        }

        private String stderr() {
            try {
                return Files.readString(errors);
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                Files.deleteIfExists(errors);
            } catch (IOException e) {
                // a temp file
            }
        }
    }

    private static JsonNode parse(String line) {
        try {
            return Http.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a JSON line from sdk-calls.mjs: " + line, e);
        }
    }
}

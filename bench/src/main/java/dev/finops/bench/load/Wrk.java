package dev.finops.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Closed-loop HTTP keep-alive load with Debian's wrk: each connection posts usage events (one, or a JSON array) with
 * ids unique per run, thread and request, as fast as the answers come back.
 */
public final class Wrk {

    /** What wrk counted: requests answered, those that were not 2xx/3xx, socket errors, and its latency percentiles. */
    public record Run(long requests, long non2xx, long socketErrors, double seconds, double p50Millis,
                      double p99Millis) {

        public long acknowledged() {
            return requests - non2xx;
        }
    }

    private Wrk() {
    }

    /** Posts events to url for the duration from the given number of connections (2 wrk threads at most). */
    public static Run usage(URI url, String key, int connections, Duration duration, int batch, String idPrefix,
                            String timestamp, Path workDir) throws IOException, InterruptedException {
        Path script = workDir.resolve("wrk-usage.lua");
        Files.writeString(script, lua(key, batch, idPrefix, timestamp), StandardCharsets.UTF_8);
        int threads = Math.min(2, connections);
        Process wrk = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--timeout", "30s", "-s", script.toString(), url.toString()).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        return parse(out);
    }

    static Run parse(String out) throws IOException {
        String line = out.lines().filter(l -> l.startsWith("BENCH_RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result line in wrk's output: " + out));
        JsonNode r = new ObjectMapper().readTree(line.substring("BENCH_RESULT ".length()));
        long socketErrors = 0;
        for (String e : List.of("connect", "read", "write", "timeout")) {
            socketErrors += r.get(e).asLong();
        }
        return new Run(r.get("requests").asLong(), r.get("status").asLong(), socketErrors,
                r.get("duration_us").asLong() / 1e6, r.get("p50_us").asLong() / 1000.0, r.get("p99_us").asLong() / 1000.0);
    }

    /** Lua for wrk: a unique eventId per event (prefix, thread, counter), realistic spread of agents and sessions. */
    static String lua(String key, int batch, String idPrefix, String timestamp) {
        return """
                local threads = {}
                function setup(thread)
                  thread:set("tid", #threads)
                  table.insert(threads, thread)
                end
                local counter = 0
                local models = {"gpt-4o", "gpt-4o-mini", "claude-3-5-haiku"}
                local function event()
                  counter = counter + 1
                  return string.format('{"eventId":"%s-%%d-%%d","timestamp":"%s","provider":"openai","model":"%%s",'
                    .. '"inputTokens":%%d,"outputTokens":%%d,"agentId":"agent-%%d","sessionId":"s-%%d-%%d",'
                    .. '"feature":"f-%%d","latencyMs":800}',
                    tid, counter, models[counter %% 3 + 1], 500 + counter %% 1500, 100 + counter %% 400,
                    counter %% 50, tid, counter %% 1000, counter %% 10)
                end
                wrk.method = "POST"
                wrk.headers["Authorization"] = "Bearer %s"
                wrk.headers["Content-Type"] = "application/json"
                request = function()
                  if %d == 1 then
                    return wrk.format(nil, nil, nil, event())
                  end
                  local parts = {}
                  for i = 1, %d do parts[i] = event() end
                  return wrk.format(nil, nil, nil, "[" .. table.concat(parts, ",") .. "]")
                end
                function done(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format('BENCH_RESULT {"requests":%%d,"duration_us":%%d,"status":%%d,"connect":%%d,'
                    .. '"read":%%d,"write":%%d,"timeout":%%d,"p50_us":%%d,"p99_us":%%d}\\n',
                    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
                    latency:percentile(50), latency:percentile(99)))
                end
                """.formatted(idPrefix, timestamp, key, batch, batch);
    }
}

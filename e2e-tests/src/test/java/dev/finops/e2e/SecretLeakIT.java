package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.budget;
import static dev.finops.e2e.SuiteApi.admin;
import static dev.finops.e2e.SuiteApi.expect;
import static dev.finops.e2e.SuiteApi.unique;
import static dev.finops.e2e.SuiteApi.url;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs last: no key or channel secret of the whole run appears in any log, response or metric. */
@Order(9)
@ExtendWith(Suite.class)
class SecretLeakIT {

    @Test
    void noSecretInLogsResponsesOrMetrics() throws IOException {
        String routingKey = "R0UT1NGKEY" + unique("pd").replace("-", "");
        String slackUrl = "https://hooks.slack.com/services/T000/B000/" + unique("slk").replace("-", "");
        SuiteApi.SECRETS.add(routingKey);
        SuiteApi.SECRETS.add(slackUrl);
        SuiteApi.channel(Map.of("name", unique("pd"), "type", "pagerduty", "secret", routingKey,
                "alertTypes", List.of(unique("none"))));
        SuiteApi.channel(Map.of("name", unique("slack"), "type", "slack", "url", slackUrl,
                "alertTypes", List.of(unique("none"))));
        expect(200, Http.get(url(budget, "/api/v1/alert-channels"), admin()));

        Set<String> secrets = new TreeSet<>(SuiteApi.SECRETS);
        secrets.add(admin());
        secrets.addAll(Suite.get().serviceKeys());
        assertTrue(secrets.size() > 10, "secrets to look for: " + secrets.size());

        List<String> leaks = new ArrayList<>();
        for (Path log : Suite.get().logs()) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            secrets.stream().filter(text::contains).forEach(s -> leaks.add(log.getFileName() + " has " + mask(s)));
        }
        for (String response : Http.seenResponses()) {
            String requestLine = response.substring(0, response.indexOf('\n'));
            if (requestLine.startsWith("POST ") && requestLine.endsWith("/api/v1/keys")) {
                continue; // a new key is shown once, to whoever created it: that is the point
            }
            secrets.stream().filter(response::contains).forEach(s -> leaks.add(requestLine + " answered " + mask(s)));
        }
        for (FinopsSuite.Service s : FinopsSuite.Service.values()) {
            String metrics = Http.get(url(s, "/q/metrics"), null).body();
            secrets.stream().filter(metrics::contains).forEach(x -> leaks.add(s + " /q/metrics has " + mask(x)));
        }
        System.out.println("leak check: " + secrets.size() + " secrets, " + Suite.get().logs().size() + " logs, "
                + Http.seenResponses().size() + " responses");
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    }

    private static String mask(String secret) {
        return secret.substring(0, Math.min(10, secret.length())) + "…";
    }
}

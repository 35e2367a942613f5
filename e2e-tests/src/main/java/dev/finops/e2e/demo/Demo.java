package dev.finops.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.e2e.Http;
import dev.finops.e2e.Pause;
import dev.finops.e2e.UsageEvents;
import dev.finops.e2e.WebhookReceiver;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * {@code ./finops demo}: a small synthetic fleet against the running suite, through the public APIs only, then a
 * short summary of what the suite saw. Every event of a run carries environment {@code demo-<run>}, so budgets and
 * reports of this run are not mixed with earlier ones.
 */
public final class Demo {

    private final Urls urls;
    private final String admin;
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final String environment = "demo-" + run;
    private final Random random = new Random();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final Map<String, String> budgetIds = new LinkedHashMap<>();
    private final WebhookReceiver receiver = new WebhookReceiver(WebhookReceiver.newSecret());
    private final Stats stats = new Stats();
    private final GatewayFleet gateway;
    private String runawaySession;
    private String channelId;

    record Urls(String ingest, String pricing, String budget, String anomaly, String cache, String gateway) {
        static Urls of(int base) {
            return new Urls("http://localhost:" + (base + 1), "http://localhost:" + (base + 2),
                    "http://localhost:" + (base + 3), "http://localhost:" + (base + 4),
                    "http://localhost:" + (base + 5), "http://localhost:" + (base + 6));
        }
    }

    Demo(Urls urls, String admin) {
        this.urls = urls;
        this.admin = admin;
        this.gateway = new GatewayFleet(urls.gateway(), admin, run, stats);
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 90;
        int base = Integer.parseInt(env("FINOPS_PORT_BASE", "8080"));
        String admin = System.getenv("FINOPS_ADMIN_KEY");
        if (admin == null || admin.isBlank()) {
            admin = Files.readString(Path.of(env("FINOPS_STATE_DIR", ".finops"), "admin-key")).strip();
        }
        Demo demo = new Demo(Urls.of(base), admin);
        Runtime.getRuntime().addShutdownHook(new Thread(demo::cleanUp)); // also on Ctrl-C
        try {
            demo.setUp();
            demo.drive(Duration.ofSeconds(seconds));
            sleep(3000); // the feed consumers and the alert outbox run every second or so
            new Summary(demo.urls, demo.admin, demo.run, demo.receiver, demo.stats).print(demo.budgetIds.get("sales"),
                    demo.runawaySession, demo.gateway.providerUrl());
            System.exit(0); // runs the clean-up hook (the receiver's server thread would keep the JVM alive)
        } catch (RuntimeException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** The receiver ends with the demo: its channel goes too, so no alert waits for it. */
    private void cleanUp() {
        receiver.close();
        gateway.close();
        try {
            if (channelId != null) {
                Http.delete(urls.budget() + "/api/v1/alert-channels/" + channelId, admin);
            }
        } catch (RuntimeException e) {
            System.err.println("demo: could not delete alert channel " + channelId + ": " + e.getMessage());
        }
    }

    private void setUp() {
        say("run " + run + ": seven agents (two of them only through the gateway), events tagged environment="
                + environment);
        for (Agent a : Agent.fleet()) {
            if (!keys.containsKey(a.team())) {
                keys.put(a.team(), created(Http.post(urls.ingest() + "/api/v1/keys", admin, Map.of("name",
                        "demo-" + run + "-" + a.team(), "role", "ingest", "teamId", a.team()))).get("key").asText());
            }
        }
        channelId = created(Http.post(urls.budget() + "/api/v1/alert-channels", admin, Map.of(
                "name", "demo-" + run + "-hook", "type", "webhook", "url", receiver.url(), "secret", receiver.secret(),
                "alertTypes", List.of("budget_threshold", "budget_hard_limit", "anomaly.session_burn_rate"))))
                .get("id").asText();
        for (Agent a : Agent.fleet()) {
            if (budgetIds.containsKey(a.team())) {
                continue;
            }
            // sales gets a tight budget: it crosses its thresholds and hits its hard cap during the demo
            BigDecimal amount = a.team().equals("sales") ? new BigDecimal("0.60") : new BigDecimal("50");
            JsonNode b = created(Http.post(urls.budget() + "/api/v1/budgets", admin, Map.of(
                    "name", "demo-" + run + " " + a.team(), "scope", Map.of("team", a.team(), "environment", environment),
                    "period", "monthly", "amountUsd", amount, "alertAtPercent", List.of(50, 80), "hardLimitPercent", 100)));
            budgetIds.put(a.team(), b.get("id").asText());
        }
        ok(Http.put(urls.pricing() + "/api/v1/routing/policies/agent/support-bot", admin, Map.of(
                "defaultModel", "gpt-4o", "rules", List.of(Map.of("name", "simple",
                        "condition", "task_complexity == 'low'", "model", "gpt-4o-mini",
                        "reason", "simple support questions go to the cheaper model")))));
        for (Agent a : Agent.fleet()) {
            ok(Http.put(urls.anomaly() + "/api/v1/finops/baselines/" + a.id(), admin,
                    Map.of("baselineUsdPerHour", new BigDecimal(a.baselineUsdPerHour()))));
        }
        gateway.setUp(urls.pricing());
        say("keys, budgets (sales: $0.60 with alerts at 50/80 % and a hard cap), a webhook receiver on "
                + receiver.url() + ", routing rules for support-bot and triage-bot and each agent's baseline burn rate"
                + " are set up");
        say("a local stub provider on " + gateway.providerUrl() + " is registered with the gateway ("
                + GatewayFleet.OPENAI_PROVIDER + ", " + GatewayFleet.ANTHROPIC_PROVIDER + "): triage-bot (OpenAI chat)"
                + " and proposal-drafter (Anthropic messages stream) call " + urls.gateway() + " and nothing else");
    }

    private void drive(Duration length) {
        Instant end = Instant.now().plus(length);
        Instant runawayAt = Instant.now().plus(length.dividedBy(3));
        say("driving the fleet for " + length.toSeconds() + " s …");
        long tick = 0;
        while (Instant.now().isBefore(end)) {
            for (Agent a : Agent.fleet()) {
                call(a, a.id() + "-" + run + "-" + (tick / 10));
            }
            if (runawaySession == null && Instant.now().isAfter(runawayAt)) {
                runaway();
            }
            tick++;
            sleep(1000);
        }
    }

    /** One LLM call of an agent: routing, cache, budget check, then the usage report (or all that in the gateway). */
    private void call(Agent a, String session) {
        if (a.gateway() != null) {
            gateway.call(a, keys.get(a.team()), session);
            return;
        }
        String model = a.model();
        String question = a.questions().isEmpty() ? null : a.questions().get(random.nextInt(a.questions().size()));
        if (a.id().equals("support-bot")) {
            String complexity = random.nextInt(3) == 0 ? "high" : "low";
            JsonNode decision = Http.post(urls.pricing() + "/api/v1/routing/decide", keys.get(a.team()), Map.of(
                    "agent_id", a.id(), "task_complexity", complexity, "requestedModel", model)).json();
            model = decision.path("model").asText(model);
            stats.routed(!model.equals(a.model()));
        }
        if (question != null && lookup(a, model, question)) {
            return; // answered from the cache: no LLM call, nothing to pay
        }
        String eventId = UUID.randomUUID().toString(); // the check's reservation ends when this event arrives
        Http.Response check = Http.post(urls.budget() + "/api/v1/budgets/check", keys.get(a.team()), Map.of(
                "environment", environment, "estimatedCostUsd", new BigDecimal("0.02"), "eventId", eventId));
        if (check.status() == 429) {
            stats.refused(a.team());
            return;
        }
        int in = a.inputTokens() + random.nextInt(a.inputTokens() / 2);
        int out = a.outputTokens() + random.nextInt(a.outputTokens() / 2);
        report(a, model, session, in, out, eventId);
        if (question != null) {
            Http.post(urls.cache() + "/api/v1/cache/entries", keys.get(a.team()), Map.of("namespace", namespace(a),
                    "model", model, "prompt", question, "response", "(answer to: " + question + ")",
                    "inputTokens", in, "outputTokens", out));
        }
    }

    private boolean lookup(Agent a, String model, String question) {
        JsonNode r = Http.post(urls.cache() + "/api/v1/cache/lookup", keys.get(a.team()), Map.of(
                "namespace", namespace(a), "model", model, "prompt", question)).json();
        boolean hit = r.path("hit").asBoolean();
        stats.lookup(hit, "semantic".equals(r.path("match").asText()));
        return hit;
    }

    /** A namespace per run, so its ROI is this run's. */
    private String namespace(Agent a) {
        return a.cacheNamespace() + "-" + run;
    }

    private void report(Agent a, String model, String session, int in, int out, String eventId) {
        Map<String, Object> e = new LinkedHashMap<>(UsageEvents.event(eventId, model, in, out, Map.of(
                "agentId", a.id(), "feature", a.feature(), "environment", environment, "sessionId", session,
                "customerId", a.customers().get(random.nextInt(a.customers().size())))));
        e.put("latencyMs", 300 + random.nextInt(2000));
        Http.Response r = Http.post(urls.ingest() + "/api/v1/usage", keys.get(a.team()), e);
        ok(r);
        stats.reported();
    }

    /** code-reviewer loops on one pull request: 40 large calls in a few seconds. */
    private void runaway() {
        Agent reviewer = Agent.fleet().get(2);
        runawaySession = "code-reviewer-" + run + "-loop";
        say("code-reviewer is stuck in a loop on one pull request (session " + runawaySession + ") …");
        for (int i = 0; i < 40; i++) {
            report(reviewer, reviewer.model(), runawaySession, 30_000, 3_000, UUID.randomUUID().toString());
        }
    }

    private static JsonNode created(Http.Response r) {
        if (r.status() != 201) {
            throw new IllegalStateException("demo set-up failed: " + r);
        }
        return r.json();
    }

    private static void ok(Http.Response r) {
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("demo call failed: " + r);
        }
    }

    private static void say(String s) {
        System.out.println("demo: " + s);
    }

    static void sleep(long millis) {
        Pause.millis(millis);
    }
}

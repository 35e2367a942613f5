package dev.finops.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.e2e.Http;
import dev.finops.e2e.WebhookReceiver;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** The few lines a human reads after a demo run: spend by team, cache, routing, the alerts, the anomaly. */
final class Summary {

    private final Demo.Urls urls;
    private final String admin;
    private final String run;
    private final String environment;
    private final WebhookReceiver receiver;
    private final Stats stats;

    Summary(Demo.Urls urls, String admin, String run, WebhookReceiver receiver, Stats stats) {
        this.urls = urls;
        this.admin = admin;
        this.run = run;
        this.environment = "demo-" + run;
        this.receiver = receiver;
        this.stats = stats;
    }

    void print(String salesBudgetId, String runawaySession, String providerUrl) {
        System.out.println();
        say("what the suite saw");
        JsonNode alloc = Http.get(urls.ingest() + "/api/v1/finops/allocations?days=1&environment=" + environment,
                admin).json();
        System.out.println("  spend by team (USD):");
        for (JsonNode t : alloc.path("byTeam")) {
            System.out.printf("    %-12s %10s%n", t.path("key").asText(t.path("teamId").asText()),
                    money(t.path("costUsd").decimalValue()));
        }
        System.out.printf("    %-12s %10s  (%d calls reported)%n", "total", money(alloc.path("totalCostUsd")
                .decimalValue()), stats.reported);
        System.out.printf("  routing: %d of %d support-bot calls sent to a cheaper model%n", stats.routedCheaper,
                stats.routingDecisions);
        printGateway(alloc, providerUrl);
        for (String ns : List.of("support-faq-" + run, "internal-kb-" + run)) {
            JsonNode roi = Http.get(urls.cache() + "/api/v1/finops/roi-stats?namespace=" + ns, admin).json();
            System.out.printf("  cache %-18s hit rate %s, saved $%s (%d hits, %d misses)%n", ns,
                    percent(roi.path("hitRate").decimalValue()), money(roi.path("cacheSavingsUsd").decimalValue()),
                    roi.path("hits").asLong(), roi.path("misses").asLong());
        }
        System.out.printf("  of %d cache hits, %d were paraphrases (semantic), the rest repeated questions%n",
                stats.hits, stats.semanticHits);
        System.out.printf("  %d calls refused by a hard cap before any money was spent (%s)%n", stats.refused,
                stats.refusedTeams.isEmpty() ? "none" : String.join(", ", stats.refusedTeams));
        JsonNode sales = Http.get(urls.budget() + "/api/v1/budgets/" + salesBudgetId + "/status", admin)
                .json();
        System.out.printf("  budget 'demo-%s sales': $%s of $0.60 spent (%s %%), state %s%n", run,
                money(sales.path("spentUsd").decimalValue()), sales.path("percent").asText(),
                sales.path("state").asText());
        List<WebhookReceiver.Delivery> alerts = new ArrayList<>(receiver.received());
        alerts.removeIf(d -> !d.body().contains(run));
        for (WebhookReceiver.Delivery d : alerts) {
            System.out.printf("  alert received (%s, signature %s): %s%n", d.type(),
                    receiver.signatureValid(d) ? "valid" : "INVALID", d.json().path("data").path("summary").asText());
        }
        if (alerts.isEmpty()) {
            System.out.println("  no alert of this run reached the receiver yet (delivery retries every few seconds)");
        }
        JsonNode anomalies = Http.get(urls.anomaly() + "/api/v1/finops/anomalies/active", admin).json();
        boolean caught = false;
        for (JsonNode a : anomalies) {
            if (a.path("sessionId").asText().equals(runawaySession)) {
                caught = true;
                System.out.printf("  anomaly: session %s of %s burns $%s/h, %sx its baseline of $%s/h%n",
                        runawaySession, a.path("agentId").asText(), money(a.path("burnRateUsdPerHour").decimalValue()),
                        a.path("anomalyRatio").asText(), a.path("baselineUsdPerHour").asText());
            }
        }
        if (!caught) {
            System.out.println("  anomaly: the runaway session is not (yet) in /api/v1/finops/anomalies/active");
        }
        System.out.println();
        say("where to look next");
        System.out.println("  reports   curl -H \"Authorization: Bearer $ADMIN_KEY\" \""
                + urls.ingest() + "/api/v1/finops/allocations?days=1&environment=" + environment + "\"");
        System.out.println("  anomalies " + urls.anomaly() + "/api/v1/finops/anomalies/active   burn rates "
                + urls.anomaly() + "/api/v1/finops/burn-rates/active");
        System.out.println("  budgets   " + urls.budget() + "/api/v1/budgets   alerts " + urls.budget() + "/api/v1/alerts");
        System.out.println("  cache     " + urls.cache() + "/api/v1/finops/roi-stats   " + urls.cache()
                + "/api/v1/finops/cache-impact");
        System.out.println("  metrics   " + urls.ingest() + "/q/metrics (finops_cost_usd_total) … "
                + urls.cache() + "/q/metrics; every API: <service>/q/openapi; dashboards and alert rules: k8s/");
    }

    /** The agents that only spoke OpenAI's or Anthropic's wire to the gateway, and what the suite made of it. */
    private void printGateway(JsonNode alloc, String providerUrl) {
        System.out.println("  through the gateway (" + urls.gateway() + ", provider: the stub on " + providerUrl + "):");
        stats.gateway.forEach((agent, c) -> {
            BigDecimal spend = null;
            for (JsonNode a : alloc.path("byAgent")) {
                if (agent.equals(a.path("key").asText(a.path("agentId").asText()))) {
                    spend = a.path("costUsd").decimalValue();
                }
            }
            System.out.printf("    %-17s $%s in ingest for %d answered calls; %d cache hits, %d routed to a cheaper"
                    + " model, %d refused by a hard cap (429, x-should-retry: false), %d rate-limited, %d failed%n",
                    agent, money(spend == null ? BigDecimal.ZERO : spend), c.answered, c.cacheHits, c.routedCheaper,
                    c.budgetRefused, c.rateLimited, c.failed);
        });
    }

    private static String money(BigDecimal usd) {
        return usd == null ? "?" : usd.setScale(4, RoundingMode.HALF_UP).toPlainString();
    }

    private static String percent(BigDecimal ratio) {
        return ratio == null ? "?" : ratio.multiply(BigDecimal.valueOf(100)).setScale(0, RoundingMode.HALF_UP) + " %";
    }

    private static void say(String s) {
        System.out.println("demo: " + s);
    }
}

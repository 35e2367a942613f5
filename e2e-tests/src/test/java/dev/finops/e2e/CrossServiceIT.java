package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.anomaly;
import static dev.finops.e2e.FinopsSuite.Service.budget;
import static dev.finops.e2e.FinopsSuite.Service.cache;
import static dev.finops.e2e.FinopsSuite.Service.ingest;
import static dev.finops.e2e.FinopsSuite.Service.pricing;
import static dev.finops.e2e.SuiteApi.admin;
import static dev.finops.e2e.SuiteApi.await;
import static dev.finops.e2e.SuiteApi.awaitValue;
import static dev.finops.e2e.SuiteApi.event;
import static dev.finops.e2e.SuiteApi.expect;
import static dev.finops.e2e.SuiteApi.unique;
import static dev.finops.e2e.SuiteApi.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a user sees across the five services, with the paths and fields of the reference API docs. */
@Order(1)
@ExtendWith(Suite.class)
class CrossServiceIT {

    private static final BigDecimal IN_RATE = new BigDecimal("0.002");
    private static final BigDecimal OUT_RATE = new BigDecimal("0.008");
    private static final BigDecimal THOUSAND = new BigDecimal(1000);

    static WebhookReceiver receiver;
    static String model;
    static long rateVersion;

    @BeforeAll
    static void rates() {
        receiver = new WebhookReceiver(WebhookReceiver.newSecret());
        SuiteApi.webhookChannel(receiver, List.of("budget_threshold", "anomaly.session_burn_rate"));
        model = unique("e2e-model");
        // the reference docs' PUT body, field for field
        rateVersion = SuiteApi.putRate(model, "0.002", "0.008").get("version").asLong();
        SuiteApi.awaitRateInIngest(rateVersion);
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static BigDecimal cost(int in, int out) {
        return IN_RATE.multiply(BigDecimal.valueOf(in)).add(OUT_RATE.multiply(BigDecimal.valueOf(out))).divide(THOUSAND);
    }

    @Test
    void costsArePricedWithPricingRatesAndReportsEqualTheSumOfEvents() {
        String team = unique("team");
        String key = SuiteApi.key("ingest", team);
        Random random = new Random(7);
        List<Map<String, Object>> events = new ArrayList<>();
        BigDecimal expected = BigDecimal.ZERO;
        BigDecimal agentA = BigDecimal.ZERO;
        for (int i = 0; i < 40; i++) {
            int in = 100 + random.nextInt(5000);
            int out = 10 + random.nextInt(2000);
            String agent = i % 2 == 0 ? "agent-a" : "agent-b";
            events.add(event(SuiteApi.eventId(), model, in, out, Map.of("agentId", agent, "feature", "f" + (i % 3))));
            expected = expected.add(cost(in, out));
            agentA = i % 2 == 0 ? agentA.add(cost(in, out)) : agentA;
        }
        JsonNode answer = SuiteApi.report(key, events);
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = answer.get("events").get(i);
            int in = (int) events.get(i).get("inputTokens");
            int out = (int) events.get(i).get("outputTokens");
            assertEquals(0, cost(in, out).compareTo(e.get("costUsd").decimalValue()), "cost of " + e);
            assertEquals(rateVersion, e.get("rateVersion").asLong(), "the version of pricing-service's rate");
        }
        assertEquals(0, expected.compareTo(answer.get("costUsd").decimalValue()));

        BigDecimal total = expected;
        JsonNode trends = awaitValue("trends of " + team, Duration.ofSeconds(10), () -> {
            JsonNode t = Http.get(url(ingest, "/api/v1/finops/trends?days=30&teamId=" + team), admin()).json();
            return t.get("totalCostUsd").decimalValue().compareTo(total) == 0 ? t : null;
        });
        assertEquals(40, trends.get("totalCalls").asInt());
        BigDecimal daySum = StreamSupport.stream(trends.get("days").spliterator(), false)
                .map(d -> d.get("costUsd").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, total.compareTo(daySum), "days add up to the total");

        JsonNode alloc = Http.get(url(ingest, "/api/v1/finops/allocations?days=7&teamId=" + team), admin()).json();
        assertEquals(0, total.compareTo(alloc.get("totalCostUsd").decimalValue()));
        JsonNode a = find(alloc.get("byAgent"), "agent-a");
        assertEquals(0, agentA.compareTo(a.get("costUsd").decimalValue()), "agent-a's allocation: " + a);

        JsonNode byModel = Http.get(url(ingest, "/api/v1/finops/allocations/by-model?days=7&teamId=" + team),
                admin()).json();
        assertEquals(0, total.compareTo(find(byModel.get("items"), model).get("costUsd").decimalValue()));
    }

    @Test
    void aBudgetAlertsOnceWithAValidSignatureAndRefusesAtTheHardCap() {
        String team = unique("team");
        String key = SuiteApi.key("ingest", team);
        String name = unique("budget");
        JsonNode b = SuiteApi.budget(Map.of("name", name, "scope", Map.of("team", team), "period", "monthly",
                "amountUsd", 1, "alertAtPercent", List.of(50), "hardLimitPercent", 100));
        String id = b.get("id").asText();
        // 0.60 USD: 100,000 input tokens at 0.002 + 50,000 output at 0.008 = 0.2 + 0.4
        SuiteApi.report(key, List.of(event(SuiteApi.eventId(), model, 100_000, 50_000, Map.of())));
        JsonNode status = awaitValue("budget status at 60 %", Duration.ofSeconds(20), () -> {
            JsonNode s = Http.get(url(budget, "/api/v1/budgets/" + id + "/status"), admin()).json();
            return s.get("spentUsd").decimalValue().compareTo(new BigDecimal("0.6")) == 0 ? s : null;
        });
        assertEquals(0, new BigDecimal("60").compareTo(status.get("percent").decimalValue()), status.toString());
        assertEquals(0, new BigDecimal("0.4").compareTo(status.get("remainingUsd").decimalValue()));

        List<WebhookReceiver.Delivery> alerts = awaitValue("the 50 % alert", Duration.ofSeconds(30), () -> {
            List<WebhookReceiver.Delivery> mine = receiver.received("alert.budget_threshold").stream()
                    .filter(d -> d.body().contains(name)).toList();
            return mine.isEmpty() ? null : mine;
        });
        SuiteApi.sleep(4000); // a second delivery would arrive within the retry backoff (1 s)
        List<WebhookReceiver.Delivery> all = receiver.received("alert.budget_threshold").stream()
                .filter(d -> d.body().contains(name)).toList();
        assertEquals(1, all.size(), "one alert for the threshold: " + all);
        assertTrue(receiver.signatureValid(alerts.get(0)), "Standard Webhooks signature: " + alerts.get(0));
        assertTrue(alerts.get(0).webhookId().startsWith("msg_"));

        SuiteApi.report(key, List.of(event(SuiteApi.eventId(), model, 100_000, 50_000, Map.of())));
        Http.Response refused = awaitValue("429 at the hard cap", Duration.ofSeconds(20), () -> {
            Http.Response r = Http.post(url(budget, "/api/v1/budgets/check"), key, Map.of("estimatedCostUsd", 0.01));
            return r.status() == 429 ? r : null;
        });
        assertTrue(refused.isProblem(), refused.toString());
        assertNotNull(refused.header("Retry-After"));
        assertEquals(name, refused.json().get("budgetName").asText());
        assertEquals(0, new BigDecimal("1.2").compareTo(refused.json().get("spentUsd").decimalValue()));

        JsonNode burnDown = Http.get(url(budget, "/api/v1/finops/budget?budgetId=" + id), admin()).json();
        assertEquals(0, BigDecimal.ONE.compareTo(burnDown.get("capUsd").decimalValue()), burnDown.toString());
        assertFalse(burnDown.get("days").isEmpty());
    }

    @Test
    void aRunawaySessionIsAnActiveAnomalyAndIsAlerted() {
        String team = unique("team");
        String key = SuiteApi.key("ingest", team);
        String agent = unique("runaway-agent");
        String session = unique("session");
        // the reference docs' baselines PUT body
        Http.Response put = Http.put(url(anomaly, "/api/v1/finops/baselines/" + agent), admin(),
                Map.of("baselineUsdPerHour", new BigDecimal("0.05")));
        expect(200, put);
        List<Map<String, Object>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // 10 x 0.012 USD in a minute: 0.48 USD/h over the 15-minute window
            calls.add(event(SuiteApi.eventId(), model, 2000, 1000, Map.of("agentId", agent, "sessionId", session)));
        }
        SuiteApi.report(key, calls);
        JsonNode anomaly = awaitValue("the session in /anomalies/active", Duration.ofSeconds(20), () -> {
            JsonNode list = Http.get(url(FinopsSuite.Service.anomaly, "/api/v1/finops/anomalies/active"), admin())
                    .json();
            return StreamSupport.stream(list.spliterator(), false)
                    .filter(a -> session.equals(a.path("sessionId").asText())).findFirst().orElse(null);
        });
        assertEquals(agent, anomaly.get("agentId").asText());
        assertEquals(0, new BigDecimal("0.05").compareTo(anomaly.get("baselineUsdPerHour").decimalValue()));
        assertEquals(0, new BigDecimal("0.48").compareTo(anomaly.get("burnRateUsdPerHour").decimalValue()),
                anomaly.toString());
        assertEquals(0, new BigDecimal("9.6").compareTo(anomaly.get("anomalyRatio").decimalValue()));

        WebhookReceiver.Delivery alert = awaitValue("the runaway alert", Duration.ofSeconds(60), () ->
                receiver.received("alert.anomaly.session_burn_rate").stream()
                        .filter(d -> d.body().contains(agent)).findFirst().orElse(null));
        assertTrue(receiver.signatureValid(alert));
    }

    @Test
    void cacheHitsAreCountedWithTheirSavingsInRoiStats() {
        String namespace = unique("ns");
        String key = SuiteApi.key("ingest", unique("team"));
        String prompt = "What is the refund policy for annual plans?";
        expect(201, Http.post(url(cache, "/api/v1/cache/entries"), key, Map.of("namespace", namespace,
                "model", "gpt-4o", "prompt", prompt, "response", "Refunds within 30 days.",
                "inputTokens", 1000, "outputTokens", 500)));
        JsonNode miss = Http.post(url(cache, "/api/v1/cache/lookup"), key, Map.of("namespace", namespace,
                "model", "gpt-4o", "prompt", "How do I reset my password?")).json();
        assertFalse(miss.get("hit").asBoolean());
        JsonNode hit = Http.post(url(cache, "/api/v1/cache/lookup"), key, Map.of("namespace", namespace,
                "model", "gpt-4o", "prompt", prompt)).json();
        assertTrue(hit.get("hit").asBoolean(), hit.toString());
        // gpt-4o from pricing-service's catalog: 1,000 x 0.0025/K + 500 x 0.01/K
        BigDecimal quoted = Http.post(url(pricing, "/api/v1/finops/quote"), admin(), Map.of("model", "gpt-4o",
                "inputTokens", 1000, "outputTokens", 500)).json().get("totalUsd").decimalValue();
        assertEquals(0, quoted.compareTo(hit.get("savedUsd").decimalValue()), hit.toString());

        JsonNode roi = Http.get(url(cache, "/api/v1/finops/roi-stats?namespace=" + namespace), admin()).json();
        assertEquals(1, roi.get("hits").asInt(), roi.toString());
        assertEquals(1, roi.get("misses").asInt());
        assertEquals(0, quoted.compareTo(roi.get("cacheSavingsUsd").decimalValue()));
        assertTrue(roi.has("embeddingCostUsd") && roi.has("netRoiUsd"), roi.toString());
        expect(200, Http.get(url(cache, "/api/v1/finops/cache-impact?days=7"), admin()));
        String metrics = Http.get(url(cache, "/q/metrics"), null).body();
        assertTrue(metrics.contains("finops_cache_lookups_total{") && metrics.contains("finops_cache_savings_usd_total"),
                "cache lookups and savings in /q/metrics");
    }

    @Test
    void routingSendsSimpleWorkToTheCheaperModel() {
        String team = unique("team");
        expect(200, Http.put(url(pricing, "/api/v1/routing/policies/team/" + team), admin(), Map.of(
                "defaultModel", "gpt-4o", "rules", List.of(Map.of("name", "simple",
                        "condition", "task_complexity == 'low'", "model", "gpt-4o-mini",
                        "reason", "Use cheaper model for simple tasks")))));
        String key = SuiteApi.key("ingest", team);
        JsonNode low = Http.post(url(pricing, "/api/v1/routing/decide"), key, Map.of("team_id", team,
                "task_complexity", "low", "requestedModel", "gpt-4o")).json();
        assertEquals("gpt-4o-mini", low.get("model").asText(), low.toString());
        JsonNode high = Http.post(url(pricing, "/api/v1/routing/decide"), key, Map.of("team_id", team,
                "task_complexity", "high", "requestedModel", "gpt-4o")).json();
        assertEquals("gpt-4o", high.get("model").asText(), high.toString());
    }

    @Test
    void theReferenceDocsPathsAnswerAndEveryServiceExportsMetrics() {
        JsonNode rates = Http.get(url(pricing, "/api/v1/finops/valuation-rates"), admin()).json();
        assertTrue(StreamSupport.stream(rates.spliterator(), false).anyMatch(r -> model.equals(r.get("modelId")
                .asText()) && r.has("inputRatePerKTokens") && r.has("cachedInputRatePerKTokens")), "rates");
        for (String path : List.of("/api/v1/finops/trends?days=30", "/api/v1/finops/allocations?days=7",
                "/api/v1/finops/allocations/by-model?days=7")) {
            expect(200, Http.get(url(ingest, path), admin()));
        }
        expect(200, Http.get(url(anomaly, "/api/v1/finops/burn-rates/active"), admin()));
        expect(200, Http.get(url(anomaly, "/api/v1/finops/anomalies/active"), admin()));
        expect(200, Http.get(url(cache, "/api/v1/finops/roi-stats"), admin()));

        Map<FinopsSuite.Service, List<String>> expected = Map.of(
                ingest, List.of("finops_cost_usd_total", "finops_tokens_total", "finops_ingest_batch_size"),
                pricing, List.of("finops_rate_version", "finops_catalog_models"),
                budget, List.of("finops_budget_feed_lag_seconds", "finops_budget_checks_total"),
                anomaly, List.of("finops_anomaly_active", "finops_anomaly_feed_lag_seconds"),
                cache, List.of("finops_cache_entries"));
        expected.forEach((service, names) -> {
            Http.Response metrics = Http.get(url(service, "/q/metrics"), null);
            expect(200, metrics);
            names.forEach(n -> assertTrue(metrics.body().contains(n), service + " exports " + n));
        });
    }

    private static JsonNode find(JsonNode items, String key) {
        return StreamSupport.stream(items.spliterator(), false)
                .filter(i -> key.equals(i.path("key").asText()) || key.equals(i.path("agentId").asText()))
                .findFirst().orElseThrow(() -> new AssertionError(key + " not in " + items));
    }
}

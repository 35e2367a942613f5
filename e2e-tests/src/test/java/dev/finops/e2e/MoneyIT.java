package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.budget;
import static dev.finops.e2e.FinopsSuite.Service.ingest;
import static dev.finops.e2e.FinopsSuite.Service.pricing;
import static dev.finops.e2e.SuiteApi.admin;
import static dev.finops.e2e.SuiteApi.event;
import static dev.finops.e2e.SuiteApi.expect;
import static dev.finops.e2e.SuiteApi.unique;
import static dev.finops.e2e.SuiteApi.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18 across the real services: money that cannot escape. Unpriced usage moves a budget and pages, an absurd
 * event counts nowhere until released, and a void moves the budget, the rollups and the CSV export by exactly its cost.
 */
@Order(2)
@ExtendWith(Suite.class)
class MoneyIT {

    private final String team = unique("money");

    @Test
    void unpricedUsageIsValuedProvisionallyMovesTheBudgetAndPages() {
        String provider = unique("prov");
        long version = putRate(unique("priced"), provider, "0.002", "0.008").get("version").asLong();
        SuiteApi.awaitRateInIngest(version);
        try (WebhookReceiver hook = new WebhookReceiver(WebhookReceiver.newSecret())) {
            channel(SuiteApi.key("team-admin", team), hook);
            String budgetId = budget("1");
            String model = unique("unpriced-model");
            // no rate for this model: valued at its provider's only (so dearest) rate, 0.2 + 0.4 = 0.6 USD
            JsonNode answer = SuiteApi.report(SuiteApi.key("ingest", team), List.of(event(SuiteApi.eventId(), model,
                    100_000, 50_000, Map.of("provider", provider)))).get("events").get(0);
            assertTrue(answer.get("provisional").asBoolean(), answer.toString());
            assertMoney("0.6", answer.get("costUsd"));

            JsonNode status = SuiteApi.awaitValue("the budget counts the provisional 0.6", Duration.ofSeconds(30), () -> {
                JsonNode s = status(budgetId);
                return s.get("spentUsd").decimalValue().compareTo(new BigDecimal("0.6")) == 0 ? s : null;
            });
            assertMoney("0.6", status.get("provisionalUsd"));
            SuiteApi.await("the 50 % alert and the unpriced_usage notice at the team's receiver", Duration.ofSeconds(45),
                    () -> hook.received().stream().anyMatch(d -> d.body().contains("unpriced_usage")
                            && d.body().contains(model))
                            && hook.received().stream().anyMatch(d -> d.body().contains("budget_threshold")));
            assertTrue(hook.received().stream().allMatch(hook::signatureValid));
        }
    }

    @Test
    void anEventOfATrillionTokensIsQuarantinedAndCountsNowhereUntilReleased() {
        String key = SuiteApi.key("ingest", team);
        String eventId = SuiteApi.eventId();
        String feedHead = SuiteApi.feedHead();
        Map<String, Object> absurd = new HashMap<>(event(eventId, "gpt-4o", 1, 1, Map.of()));
        absurd.put("inputTokens", 1_000_000_000_000L);
        JsonNode answer = SuiteApi.report(key, List.of(absurd)).get("events").get(0);
        assertTrue(answer.get("quarantined").asBoolean(), answer.toString());
        assertTrue(answer.get("reason").asText().contains("inputTokens")
                || answer.get("reason").asText().contains("tokens"), answer.toString());

        SuiteApi.sleep(2000);
        assertEquals(0, allocations().get("totalCostUsd").decimalValue().signum(), "counted nowhere");
        assertTrue(SuiteApi.feedOfTeam(feedHead, team).isEmpty(), "not in the usage feed");
        Http.Response held = Http.get(url(ingest, "/api/v1/usage/quarantine"), key);
        expect(200, held);
        assertTrue(held.body().contains(eventId), held.toString());

        expect(200, Http.post(url(ingest, "/api/v1/usage/quarantine/" + eventId + ":release?teamId=" + team), admin(),
                Map.of()));
        SuiteApi.await("the released event in the reports", Duration.ofSeconds(10),
                () -> allocations().get("totalCostUsd").decimalValue().signum() > 0);
    }

    @Test
    void aVoidMovesTheBudgetTheRollupsAndTheExportByExactlyTheEventsCost() {
        String model = unique("void-model");
        SuiteApi.awaitRateInIngest(putRate(model, null, "0.002", "0.008").get("version").asLong());
        String budgetId = budget("10");
        String eventId = SuiteApi.eventId();
        // 1,234 × 0.002 / 1000 + 567 × 0.008 / 1000 = 0.002468 + 0.004536
        SuiteApi.report(SuiteApi.key("ingest", team), List.of(event(eventId, model, 1234, 567, Map.of())));
        BigDecimal cost = new BigDecimal("0.007004");
        awaitSpent(budgetId, cost);
        assertEquals(0, cost.compareTo(allocations().get("totalCostUsd").decimalValue()));
        assertEquals(0, cost.compareTo(exportedCost()));

        Http.Response voided = Http.post(url(ingest, "/api/v1/usage/" + eventId + ":void?teamId=" + team), admin(),
                Map.of("reason", "a test event"));
        expect(200, voided);
        assertEquals(0, cost.negate().compareTo(voided.json().get("deltaUsd").decimalValue()), voided.toString());
        awaitSpent(budgetId, BigDecimal.ZERO);
        assertEquals(0, allocations().get("totalCostUsd").decimalValue().signum());
        assertEquals(0, exportedCost().signum());
        expect(409, Http.post(url(ingest, "/api/v1/usage/" + eventId + ":void?teamId=" + team), admin(),
                Map.of("reason", "again")));
    }

    private static JsonNode putRate(String modelId, String provider, String input, String output) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelId", modelId);
        if (provider != null) {
            body.put("provider", provider);
        }
        body.put("inputRatePerKTokens", new BigDecimal(input));
        body.put("outputRatePerKTokens", new BigDecimal(output));
        Http.Response r = Http.put(url(pricing, "/api/v1/finops/valuation-rates"), admin(), body);
        expect(200, r);
        return r.json();
    }

    private String budget(String amountUsd) {
        return SuiteApi.budget(Map.of("name", unique("money-budget"), "scope", Map.of("team", team), "period",
                "monthly", "amountUsd", new BigDecimal(amountUsd), "alertAtPercent", List.of(50))).get("id").asText();
    }

    private static JsonNode status(String budgetId) {
        Http.Response r = Http.get(url(budget, "/api/v1/budgets/" + budgetId + "/status"), admin());
        expect(200, r);
        return r.json();
    }

    private static void awaitSpent(String budgetId, BigDecimal spent) {
        SuiteApi.await("budget spend " + spent.toPlainString(), Duration.ofSeconds(30),
                () -> status(budgetId).get("spentUsd").decimalValue().compareTo(spent) == 0);
    }

    private JsonNode allocations() {
        Http.Response r = Http.get(url(ingest, "/api/v1/finops/allocations?days=1&teamId=" + team), admin());
        expect(200, r);
        return r.json();
    }

    /** The sum of the cost_usd column of the team's CSV export. */
    private BigDecimal exportedCost() {
        Http.Response r = Http.get(url(ingest, "/api/v1/finops/export?days=1&teamId=" + team), admin());
        expect(200, r);
        String[] lines = r.body().split("\n");
        int column = List.of(lines[0].split(",")).indexOf("cost_usd");
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            if (!lines[i].isBlank() && !cells[column].isEmpty()) {
                sum = sum.add(new BigDecimal(cells[column]));
            }
        }
        return sum;
    }

    private static void channel(String teamAdminKey, WebhookReceiver receiver) {
        SuiteApi.SECRETS.add(receiver.secret());
        Http.Response r = Http.post(url(budget, "/api/v1/alert-channels"), teamAdminKey, Map.of("name",
                unique("money-hook"), "type", "webhook", "url", receiver.url(), "secret", receiver.secret()));
        expect(201, r);
        SuiteApi.deleteAtEnd(r.json().get("id").asText());
    }

    private static void assertMoney(String expected, JsonNode actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual.decimalValue()), "expected " + expected + ", got "
                + actual);
    }
}

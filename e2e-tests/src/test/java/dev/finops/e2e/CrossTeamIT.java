package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.budget;
import static dev.finops.e2e.FinopsSuite.Service.cache;
import static dev.finops.e2e.FinopsSuite.Service.ingest;
import static dev.finops.e2e.FinopsSuite.Service.pricing;
import static dev.finops.e2e.SuiteApi.event;
import static dev.finops.e2e.SuiteApi.expect;
import static dev.finops.e2e.SuiteApi.unique;
import static dev.finops.e2e.SuiteApi.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cases of issue 17's "Why", tried again through the public API with keys of two teams, research and marketing:
 * each team acts only inside itself.
 */
@Order(2)
@ExtendWith(Suite.class)
class CrossTeamIT {

    private static final String NAMESPACE = "research-faq";

    private final String research = unique("research");
    private final String marketing = unique("marketing");

    @Test
    void marketingNeitherReadsNorPurgesResearchsCachedAnswers() {
        String researchKey = SuiteApi.key("ingest", research);
        String marketingKey = SuiteApi.key("ingest", marketing);
        String prompt = "Which datasets did " + research + " use for the churn model?";
        String answer = "Internal answer of " + research;
        Map<String, Object> lookup = Map.of("namespace", NAMESPACE, "model", "gpt-4o", "prompt", prompt);
        expect(201, Http.post(url(cache, "/api/v1/cache/entries"), researchKey, Map.of("namespace", NAMESPACE,
                "model", "gpt-4o", "prompt", prompt, "response", answer, "inputTokens", 800, "outputTokens", 200)));
        assertTrue(Http.post(url(cache, "/api/v1/cache/lookup"), researchKey, lookup).json().get("hit").asBoolean());

        Http.Response theirs = Http.post(url(cache, "/api/v1/cache/lookup"), marketingKey, lookup);
        expect(200, theirs);
        assertFalse(theirs.json().get("hit").asBoolean(), theirs.toString());
        assertFalse(theirs.body().contains(answer), theirs.toString());

        Http.Response purge = Http.delete(url(cache, "/api/v1/cache/entries?namespace=" + NAMESPACE), marketingKey);
        assertTrue(purge.status() / 100 == 2 || purge.status() == 404, "marketing's purge of its own namespace: "
                + purge);
        JsonNode still = Http.post(url(cache, "/api/v1/cache/lookup"), researchKey, lookup).json();
        assertTrue(still.get("hit").asBoolean(), "research still hits after marketing's purge: " + still);
        assertEquals(answer, still.get("response").asText());
    }

    @Test
    void aBudgetAlertOfTeamAReachesTeamAsChannelAndNeverTeamBs() {
        String model = unique("xt-model");
        SuiteApi.awaitRateInIngest(SuiteApi.putRate(model, "0.002", "0.008").get("version").asLong());
        try (WebhookReceiver a = new WebhookReceiver(WebhookReceiver.newSecret());
             WebhookReceiver b = new WebhookReceiver(WebhookReceiver.newSecret())) {
            String adminA = SuiteApi.key("team-admin", research);
            String adminB = SuiteApi.key("team-admin", marketing);
            channelOfOwnTeam(adminA, a);
            channelOfOwnTeam(adminB, b);
            String nameA = unique("xt-budget-" + research);
            String nameB = unique("xt-budget-" + marketing);
            expect(201, Http.post(url(budget, "/api/v1/budgets"), adminA, budget(nameA, research)));
            expect(201, Http.post(url(budget, "/api/v1/budgets"), adminB, budget(nameB, marketing)));
            // 0.60 USD of research's 1 USD: the 50 % threshold
            SuiteApi.report(SuiteApi.key("ingest", research), List.of(event(SuiteApi.eventId(), model, 100_000,
                    50_000, Map.of())));
            SuiteApi.await("research's alert at research's receiver", Duration.ofSeconds(45),
                    () -> a.received().stream().anyMatch(d -> d.body().contains(nameA)));
            SuiteApi.sleep(6000); // a delivery to B would come with A's, or within the 1 s retry backoff after it
            List<WebhookReceiver.Delivery> leaked = b.received().stream()
                    .filter(d -> d.body().contains(nameA) || d.body().contains(research)).toList();
            assertTrue(leaked.isEmpty(), "marketing's receiver got research's alert: " + leaked);
            assertTrue(a.received().stream().filter(d -> d.body().contains(nameA)).allMatch(a::signatureValid));
        }
    }

    @Test
    void aReaderOfResearchSeesOnlyResearchInAllocations() {
        SuiteApi.report(SuiteApi.key("ingest", research), List.of(event(SuiteApi.eventId(), "gpt-4o", 1000, 500,
                Map.of("agentId", "xt-agent-" + research))));
        SuiteApi.report(SuiteApi.key("ingest", marketing), List.of(event(SuiteApi.eventId(), "gpt-4o", 1000, 500,
                Map.of("agentId", "xt-agent-" + marketing))));
        Http.Response r = Http.get(url(ingest, "/api/v1/finops/allocations?days=7"), SuiteApi.key("reader",
                research));
        expect(200, r);
        JsonNode teams = r.json().get("byTeam");
        assertEquals(1, teams.size(), "only research: " + r);
        assertEquals(research, teams.get(0).get("key").asText(), r.toString());
        assertFalse(r.body().contains(marketing), r.toString());
    }

    @Test
    void anIngestKeyReadsItsOwnTeamsTrends() {
        String key = SuiteApi.key("ingest", research);
        SuiteApi.report(key, List.of(event(SuiteApi.eventId(), "gpt-4o", 1000, 500, Map.of())));
        expect(200, Http.get(url(ingest, "/api/v1/finops/trends?days=7"), key));
        JsonNode named = Http.get(url(ingest, "/api/v1/finops/trends?days=7&teamId=" + research), key).json();
        assertEquals(1, named.get("totalCalls").asInt(), named.toString());
        expect(403, Http.get(url(ingest, "/api/v1/finops/trends?days=7&teamId=" + marketing), key));
    }

    @Test
    void routingWithMarketingsKeyNamingResearchIs403NamingTheKeysTeam() {
        Http.Response r = Http.post(url(pricing, "/api/v1/routing/decide"), SuiteApi.key("ingest", marketing),
                Map.of("teamId", research, "taskComplexity", "low", "requestedModel", "gpt-4o"));
        expect(403, r);
        assertTrue(r.isProblem() && r.body().contains(marketing), r.toString());
    }

    /** A webhook channel its team-admin creates without naming a team: the key's team owns it. */
    private static void channelOfOwnTeam(String teamAdminKey, WebhookReceiver receiver) {
        SuiteApi.SECRETS.add(receiver.secret());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", unique("xt-hook"));
        body.put("type", "webhook");
        body.put("url", receiver.url());
        body.put("secret", receiver.secret());
        Http.Response r = Http.post(url(budget, "/api/v1/alert-channels"), teamAdminKey, body);
        expect(201, r);
        SuiteApi.deleteAtEnd(r.json().get("id").asText());
    }

    private static Map<String, Object> budget(String name, String team) {
        return Map.of("name", name, "scope", Map.of("team", team), "period", "monthly", "amountUsd", 1,
                "alertAtPercent", List.of(50));
    }
}

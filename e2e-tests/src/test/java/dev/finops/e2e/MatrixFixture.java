package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.anomaly;
import static dev.finops.e2e.FinopsSuite.Service.cache;
import static dev.finops.e2e.FinopsSuite.Service.ingest;
import static dev.finops.e2e.FinopsSuite.Service.pricing;
import static dev.finops.e2e.SuiteApi.admin;
import static dev.finops.e2e.SuiteApi.expect;
import static dev.finops.e2e.SuiteApi.unique;
import static dev.finops.e2e.SuiteApi.url;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.testing.llm.LlmProviderStub;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the authorization matrix calls the endpoints on: two teams (A "research", B "marketing") with a key of every
 * kind, and objects of team A (usage, a budget, an alert channel, a cache entry and its namespace, a routing policy,
 * a baseline and anomaly policy of its agent, a gateway provider and limit). Every object of A carries A's team id,
 * so a team B answer that mentions it has leaked.
 */
final class MatrixFixture implements AutoCloseable {

    final String teamA = unique("mx-research");
    final String teamB = unique("mx-marketing");
    final String agentA = "agent-" + teamA;
    final String customerA = "cust-" + teamA;
    final String namespaceA = "ns-" + teamA;
    final String promptA = "What did " + teamA + " conclude about churn in Q3?";
    final String answerA = "The confidential answer of " + teamA;
    /** A namespace of A's that A shares with a third team (never with B). */
    final String sharedNamespaceA = "shared-" + teamA;
    final String teamC = unique("mx-finance");
    /** In an answer of one of A's own objects (namespace strings may name A in any team's answer). */
    final String ownedByA = "\"teamId\":\"" + teamA + "\"";
    final Map<Caller, String> keys = new EnumMap<>(Caller.class);
    final String model = unique("mx-chat");
    final String claudeModel = unique("mx-claude");
    final String provider = unique("mx-provider");
    final String anthropicProvider = unique("mx-anthropic");
    String feedHead;
    String budgetA;
    String channelA;
    String entryA;
    private final WebhookReceiver receiver = new WebhookReceiver(WebhookReceiver.newSecret());
    private LlmProviderStub stub;

    static MatrixFixture setUp() {
        MatrixFixture f = new MatrixFixture();
        f.create();
        return f;
    }

    private void create() {
        JsonNode revokedKey = SuiteApi.newKey("reader", teamA);
        for (FinopsSuite.Service s : FinopsSuite.Service.values()) { // valid (and cached) everywhere first
            expect(200, Http.get(url(s, "/api/v1/auth/whoami"), revokedKey.get("key").asText()));
        }
        expect(204, Http.delete(url(ingest, "/api/v1/keys/" + revokedKey.get("id").asText()), admin()));
        Instant revokedAt = Instant.now();
        keys.put(Caller.revoked, revokedKey.get("key").asText());
        keys.put(Caller.admin, admin());
        keys.put(Caller.orgReader, SuiteApi.key("reader", null));
        keys.put(Caller.aReader, SuiteApi.key("reader", teamA));
        keys.put(Caller.aIngest, SuiteApi.key("ingest", teamA));
        keys.put(Caller.aTeamAdmin, SuiteApi.key("team-admin", teamA));
        keys.put(Caller.bReader, SuiteApi.key("reader", teamB));
        keys.put(Caller.bIngest, SuiteApi.key("ingest", teamB));
        keys.put(Caller.bTeamAdmin, SuiteApi.key("team-admin", teamB));

        feedHead = SuiteApi.feedHead();
        SuiteApi.report(keys.get(Caller.aIngest), List.of(SuiteApi.event(SuiteApi.eventId(), "gpt-4o", 1000, 500,
                Map.of("agentId", agentA, "customerId", customerA, "feature", "f-" + teamA))));
        SuiteApi.report(keys.get(Caller.bIngest), List.of(SuiteApi.event(SuiteApi.eventId(), "gpt-4o", 1000, 500,
                Map.of())));
        budgetA = freshBudgetOfA();
        channelA = freshChannelOfA();
        entryA = freshEntryOfA(namespaceA);
        expect(200, Http.put(url(cache, "/api/v1/cache/policies/" + namespaceA), key(Caller.aTeamAdmin),
                cachePolicy()));
        // B's own policy for the same namespace string: B's keys must get B's, never A's
        expect(200, Http.put(url(cache, "/api/v1/cache/policies/" + namespaceA), key(Caller.bTeamAdmin),
                cachePolicy()));
        freshEntryOfA(sharedNamespaceA);
        expect(200, Http.put(url(cache, "/api/v1/cache/namespaces/" + sharedNamespaceA + "/sharing"), admin(),
                sharing()));
        expect(200, Http.put(url(pricing, "/api/v1/routing/policies/team/" + teamA), admin(), routingPolicy()));
        expect(200, Http.put(url(pricing, "/api/v1/routing/policies/team/" + teamB), admin(), routingPolicy()));
        expect(200, Http.put(url(anomaly, "/api/v1/finops/baselines/" + agentA), admin(),
                Map.of("baselineUsdPerHour", new BigDecimal("0.50"))));
        expect(200, Http.put(url(anomaly, "/api/v1/finops/anomaly-policies/" + agentA), admin(),
                Map.of("multiplier", 6)));
        stub = new LlmProviderStub(GatewayApi.providerKey()).start();
        GatewayApi.Rates.put(model, "0.002", "0.001", "0.002", "0.008", "0.008");
        GatewayApi.Rates.put(claudeModel, "0.003", "0.0003", "0.00375", "0.015", "0.015");
        GatewayApi.Rates.awaitInGateway();
        GatewayApi.openAiProvider(provider, stub, List.of(model));
        GatewayApi.anthropicProvider(anthropicProvider, stub, List.of(claudeModel));
        GatewayApi.limit("team", teamA, 10_000, 10_000_000);
        for (FinopsSuite.Service s : FinopsSuite.Service.values()) {
            SuiteApi.await(s + " refuses the revoked key", Duration.ofSeconds(60).minus(
                    Duration.between(revokedAt, Instant.now())), () -> Http.get(url(s, "/api/v1/auth/whoami"),
                    keys.get(Caller.revoked)).status() == 401);
        }
    }

    /** The caller's own team: B for team B's keys, else A. */
    String teamOf(Caller c) {
        return c.ofTeamB() ? teamB : teamA;
    }

    String key(Caller c) {
        return keys.get(c);
    }

    Map<String, Object> routingPolicy() {
        return Map.of("defaultModel", "gpt-4o", "rules", List.of(Map.of("name", "simple",
                "condition", "task_complexity == 'low'", "model", "gpt-4o-mini", "reason", "cheap for simple")));
    }

    Map<String, Object> budgetOfA(String name) {
        return budgetOf(teamA, name);
    }

    Map<String, Object> budgetOf(String team, String name) {
        return Map.of("name", name, "scope", Map.of("team", team), "period", "monthly", "amountUsd", 1000,
                "alertAtPercent", List.of(90));
    }

    /** A webhook channel of team A; it subscribes to an alert type nobody sends, so it never receives anything. */
    Map<String, Object> channelOfA(String name) {
        return channelOf(teamA, name);
    }

    Map<String, Object> channelOf(String team, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", "webhook");
        body.put("url", receiver.url());
        body.put("secret", receiver.secret());
        body.put("alertTypes", List.of(unique("mx-none")));
        body.put("teamId", team);
        return body;
    }

    Map<String, Object> cacheEntry(String namespace) {
        return Map.of("namespace", namespace, "model", "gpt-4o", "prompt", promptA, "response", answerA,
                "inputTokens", 100, "outputTokens", 50);
    }

    /** A shares with C. */
    Map<String, Object> sharing() {
        return Map.of("ownerTeam", teamA, "teams", List.of(teamC));
    }

    Map<String, Object> cachePolicy() {
        return Map.of("similarityThreshold", new BigDecimal("0.95"), "ttlHours", 24);
    }

    /** The body of a gateway provider (the stub, serving this fixture's chat model). */
    Map<String, Object> providerBody() {
        return Map.of("type", "openai", "baseUrl", stub.openAiBaseUrl(), "apiKey", stub.apiKey(),
                "models", List.of(model), "timeoutMs", 30_000);
    }

    /** A namespace team A stored into, with a cache policy its team-admin set: the namespace. */
    String freshCachePolicyOfA() {
        String ns = unique("ns-" + teamA);
        freshEntryOfA(ns);
        expect(200, Http.put(url(cache, "/api/v1/cache/policies/" + ns), key(Caller.aTeamAdmin), cachePolicy()));
        return ns;
    }

    String freshBudgetOfA() {
        return SuiteApi.budget(budgetOfA(unique("mx-budget-" + teamA))).get("id").asText();
    }

    String freshChannelOfA() {
        SuiteApi.SECRETS.add(receiver.secret());
        return SuiteApi.channel(channelOfA(unique("mx-hook-" + teamA))).get("id").asText();
    }

    /** Stored by team A's ingest key. */
    String freshEntryOfA(String namespace) {
        Http.Response r = Http.post(url(cache, "/api/v1/cache/entries"), key(Caller.aIngest), cacheEntry(namespace));
        expect(201, r);
        return r.json().get("id").asText();
    }

    /** A reader key of team A, made by the admin: its id. */
    /** A usage event of team A, for a correction. */
    String freshEventOfA() {
        String id = SuiteApi.eventId();
        SuiteApi.report(key(Caller.aIngest), List.of(SuiteApi.event(id, "gpt-4o", 10, 10, Map.of())));
        return id;
    }

    /** A usage event of team A held in quarantine (above the 10M-token ceiling). */
    String freshQuarantinedOfA() {
        String id = SuiteApi.eventId();
        SuiteApi.report(key(Caller.aIngest), List.of(SuiteApi.event(id, "gpt-4o", 20_000_000, 10, Map.of())));
        return id;
    }

    String freshKeyOfA() {
        return SuiteApi.newKey("reader", teamA).get("id").asText();
    }

    String freshProvider() {
        String name = unique("mx-provider");
        GatewayApi.openAiProvider(name, stub, List.of(model));
        return name;
    }

    @Override
    public void close() {
        GatewayApi.deleteProvider(provider);
        GatewayApi.deleteProvider(anthropicProvider);
        if (stub != null) {
            stub.close();
        }
        receiver.close();
    }
}

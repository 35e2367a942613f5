package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.anomaly;
import static dev.finops.e2e.FinopsSuite.Service.budget;
import static dev.finops.e2e.FinopsSuite.Service.cache;
import static dev.finops.e2e.FinopsSuite.Service.gateway;
import static dev.finops.e2e.FinopsSuite.Service.ingest;
import static dev.finops.e2e.FinopsSuite.Service.pricing;
import static dev.finops.e2e.MatrixRule.adminOnly;
import static dev.finops.e2e.MatrixRule.adminPassesOnly;
import static dev.finops.e2e.MatrixRule.anyKey;
import static dev.finops.e2e.MatrixRule.readNamingA;
import static dev.finops.e2e.MatrixRule.readOfAObject;
import static dev.finops.e2e.MatrixRule.scopedRead;
import static dev.finops.e2e.MatrixRule.teamAdminNamingA;
import static dev.finops.e2e.MatrixRule.teamAdminOfAObject;
import static dev.finops.e2e.MatrixRule.teamAdminRead;
import static dev.finops.e2e.SuiteApi.admin;
import static dev.finops.e2e.SuiteApi.expect;
import static dev.finops.e2e.SuiteApi.unique;
import static dev.finops.e2e.SuiteApi.url;

import dev.finops.e2e.MatrixRule.Case;
import dev.finops.e2e.MatrixRule.Expect;
import dev.finops.e2e.MatrixRule.Request;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The table of the authorization matrix: one rule per operation (decision 0019). Path parameters point at team A's
 * objects of {@link MatrixFixture}; a destructive call gets a fresh object of A per cell. Team B on A: 403 when the
 * request names team A, 404 for the id of A's object; a role the operation does not allow: 403.
 */
final class MatrixRules {

    /** The provider-compatible routes of the gateway: not in its OpenAPI document, covered all the same. */
    static final List<String> PROVIDER_ROUTES = List.of("POST /v1/chat/completions", "POST /v1/responses",
            "POST /v1/embeddings", "POST /v1/messages", "GET /v1/models");

    private static final String[] REPORTS = {"/allocations", "/allocations/by-model", "/changes", "/chargeback",
        "/customers", "/export", "/projection", "/summary", "/trends", "/unit-costs", "/{dimension}-breakdown"};

    private final MatrixFixture f;
    private final List<MatrixRule> rules = new ArrayList<>();

    private MatrixRules(MatrixFixture f) {
        this.f = f;
    }

    static List<MatrixRule> of(MatrixFixture f) {
        MatrixRules t = new MatrixRules(f);
        t.everyService();
        t.ingest();
        t.pricing();
        t.budget();
        t.anomaly();
        t.cache();
        t.gateway();
        return List.copyOf(t.rules);
    }

    private void everyService() {
        one(null, "GET", "/api/v1/auth/whoami", c -> Request.of("/api/v1/auth/whoami"), anyKey());
        // entries carry their team; a namespace string in them may name A in B's own entries
        rule(null, "GET", "/api/v1/audit", new Case("", c -> Request.of("/api/v1/audit?limit=1000"),
                teamAdminRead().cells(), f.ownedByA));
    }

    private void ingest() {
        for (String report : REPORTS) {
            String path = "/api/v1/finops" + report.replace("{dimension}", "team")
                    + (report.equals("/unit-costs") ? "?outcome=ticket_resolved&" : "?");
            rule(ingest, "GET", "/api/v1/finops" + report,
                    new Case("no team", c -> Request.of(path + "days=7"), scopedRead().cells()),
                    new Case("names A", c -> Request.of(path + "days=7&teamId=" + f.teamA), readNamingA().cells()));
        }
        one(ingest, "PUT", "/api/v1/finops/customers/{customerId}/revenue", c -> Request.of(
                "/api/v1/finops/customers/" + f.customerA + "/revenue", Map.of("month",
                        YearMonth.now(ZoneOffset.UTC).toString(), "revenueUsd", new BigDecimal("1200.00"))),
                adminOnly());
        one(ingest, "GET", "/api/v1/keys", c -> Request.of("/api/v1/keys"), teamAdminRead());
        rule(ingest, "POST", "/api/v1/keys",
                new Case("reader of A", c -> Request.of("/api/v1/keys", Map.of("name", unique("mx-key"),
                        "role", "reader", "teamId", f.teamA)), teamAdminNamingA().cells()),
                new Case("admin key", c -> Request.of("/api/v1/keys", Map.of("name", unique("mx-key"),
                        "role", "admin")), adminOnly().cells()));
        one(ingest, "POST", "/api/v1/keys/introspect", c -> Request.of("/api/v1/keys/introspect",
                Map.of("key", f.key(Caller.aReader))), adminOnly());
        one(ingest, "DELETE", "/api/v1/keys/{id}", c -> Request.of("/api/v1/keys/" + f.freshKeyOfA()),
                teamAdminOfAObject());
        one(ingest, "POST", "/api/v1/outcomes", c -> Request.of("/api/v1/outcomes", Map.of("outcomeId",
                unique("mx-outcome"), "type", "ticket_resolved", "count", 1, "timestamp", java.time.Instant.now().toString(), "teamId", f.teamA)),
                ingestNamingA());
        one(ingest, "POST", "/api/v1/usage", c -> Request.of("/api/v1/usage", List.of(SuiteApi.event(
                SuiteApi.eventId(), "gpt-4o", 10, 10, Map.of("teamId", f.teamA)))), ingestNamingA());
        one(ingest, "GET", "/api/v1/usage/feed", c -> Request.of("/api/v1/usage/feed?limit=1000&after="
                + f.feedHead), scopedRead());
        rule(ingest, "GET", "/api/v1/usage/quarantine",
                new Case("no team", c -> Request.of("/api/v1/usage/quarantine"), scopedRead().cells()),
                new Case("names A", c -> Request.of("/api/v1/usage/quarantine?teamId=" + f.teamA),
                        readNamingA().cells()));
        one(ingest, "POST", "/api/v1/usage/quarantine/{target}", c -> Request.of("/api/v1/usage/quarantine/"
                + f.freshQuarantinedOfA() + ":discard"), adminOnly());
        one(ingest, "POST", "/api/v1/usage/{target}", c -> Request.of("/api/v1/usage/" + f.freshEventOfA() + ":void",
                Map.of("reason", "authorization matrix")), adminOnly());
        one(ingest, "GET", "/api/v1/usage/rate-table", c -> Request.of("/api/v1/usage/rate-table"), anyKey());
        one(ingest, "POST", "/api/v1/usage/rate-table/refresh", c -> Request.of("/api/v1/usage/rate-table/refresh"),
                adminOnly());
        one(ingest, "POST", "/api/v1/usage/revalue", c -> Request.of("/api/v1/usage/revalue", Map.of("model",
                "gpt-4o-" + f.teamA, "from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z")), adminOnly());
        // OTLP without a span: a workload key reports for its own team; the admin names none (its answer is its own)
        one(ingest, "POST", "/v1/traces", c -> Request.of("/v1/traces", Map.of("resourceSpans", List.of())),
                Expect.every(Outcome.forbidden).but(Outcome.ok, Caller.aIngest, Caller.bIngest)
                        .but(Outcome.authorized, Caller.admin));
    }

    private void pricing() {
        one(pricing, "GET", "/api/v1/finops/model-aliases", c -> Request.of("/api/v1/finops/model-aliases"),
                anyKey());
        one(pricing, "PUT", "/api/v1/finops/model-aliases", c -> Request.of("/api/v1/finops/model-aliases",
                List.of(Map.of("alias", unique("mx-alias"), "modelId", "gpt-4o"))), adminOnly());
        one(pricing, "DELETE", "/api/v1/finops/model-aliases/{alias}", c -> Request.of(
                "/api/v1/finops/model-aliases/" + freshAlias()), adminOnly());
        one(pricing, "POST", "/api/v1/finops/quote", c -> Request.of("/api/v1/finops/quote", Map.of("model",
                "gpt-4o", "inputTokens", 10, "outputTokens", 10)), anyKey());
        one(pricing, "GET", "/api/v1/finops/valuation-rates", c -> Request.of("/api/v1/finops/valuation-rates"),
                anyKey());
        one(pricing, "PUT", "/api/v1/finops/valuation-rates", c -> Request.of("/api/v1/finops/valuation-rates",
                Map.of("modelId", unique("mx-rate"), "inputRatePerKTokens", new BigDecimal("0.001"),
                        "outputRatePerKTokens", new BigDecimal("0.002"))), adminOnly());
        one(pricing, "GET", "/api/v1/finops/valuation-rates/{modelId}", c -> Request.of(
                "/api/v1/finops/valuation-rates/gpt-4o"), anyKey());
        one(pricing, "GET", "/api/v1/finops/valuation-rates/{modelId}/history", c -> Request.of(
                "/api/v1/finops/valuation-rates/gpt-4o/history"), anyKey());
        // an empty price map, dry run: nothing stored whoever may call it
        // no price-map URL in the suite: the admin's preview and refresh are refused on their merits (409)
        String refresh = "/api/v1/finops/valuation-rates/refresh";
        one(pricing, "GET", refresh + "/preview", c -> Request.of(refresh + "/preview"), adminPassesOnly());
        one(pricing, "POST", refresh, c -> Request.of(refresh), adminPassesOnly());
        one(pricing, "GET", refresh + "/held", c -> Request.of(refresh + "/held"), adminOnly());
        one(pricing, "POST", refresh + "/confirm", c -> Request.of(refresh + "/confirm",
                Map.of("modelIds", List.of())), adminPassesOnly());
        one(pricing, "POST", "/api/v1/finops/valuation-rates:import", c -> Request.of(
                "/api/v1/finops/valuation-rates:import?dryRun=true", Map.of()), adminPassesOnly());
        rule(pricing, "POST", "/api/v1/routing/decide",
                new Case("names A", c -> Request.of("/api/v1/routing/decide", Map.of("teamId", f.teamA,
                        "taskComplexity", "low", "requestedModel", "gpt-4o")), readNamingA().cells()),
                // a team key routes by its own team's policy; an org key naming no team finds none (no global
                // policy here: it would change every other test's routing), which is its request's problem
                new Case("no team", c -> Request.of("/api/v1/routing/decide", Map.of("taskComplexity", "low",
                        "requestedModel", "gpt-4o")), scopedRead().but(Outcome.authorized, Caller.admin,
                        Caller.orgReader).cells()));
        one(pricing, "GET", "/api/v1/routing/policies", c -> Request.of("/api/v1/routing/policies"), scopedRead());
        // the global policy (none here: 404), readable by every key
        one(pricing, "GET", "/api/v1/routing/policies/{scope}", c -> Request.of("/api/v1/routing/policies/global"),
                Expect.every(Outcome.authorized));
        one(pricing, "GET", "/api/v1/routing/policies/{scope}/{scopeId}", c -> Request.of(
                "/api/v1/routing/policies/team/" + f.teamA), readNamingA());
        // the org-wide policy: an empty body is refused on its merits, so no other test's routing changes
        one(pricing, "PUT", "/api/v1/routing/policies/{scope}", c -> Request.of("/api/v1/routing/policies/global",
                Map.of()), adminPassesOnly());
        one(pricing, "DELETE", "/api/v1/routing/policies/{scope}", c -> Request.of(
                "/api/v1/routing/policies/" + unique("no-such-scope")), adminPassesOnly());
        one(pricing, "PUT", "/api/v1/routing/policies/{scope}/{scopeId}", c -> Request.of(
                "/api/v1/routing/policies/team/" + f.teamA, f.routingPolicy()), adminOnly());
        // put back before each call, so A's policy is there again for whoever reads it next
        one(pricing, "DELETE", "/api/v1/routing/policies/{scope}/{scopeId}", c -> {
            expect(200, Http.put(url(pricing, "/api/v1/routing/policies/team/" + f.teamA), admin(),
                    f.routingPolicy()));
            return Request.of("/api/v1/routing/policies/team/" + f.teamA);
        }, adminOnly());
    }

    private void budget() {
        one(budget, "GET", "/api/v1/alert-channels", c -> Request.of("/api/v1/alert-channels"), teamAdminRead());
        one(budget, "POST", "/api/v1/alert-channels", c -> Request.of("/api/v1/alert-channels",
                f.channelOfA(unique("mx-hook"))), teamAdminNamingA());
        one(budget, "GET", "/api/v1/alert-channels/{id}", c -> Request.of("/api/v1/alert-channels/" + f.channelA),
                teamAdminOfAObject());
        rule(budget, "PUT", "/api/v1/alert-channels/{id}",
                new Case("body names A", c -> Request.of("/api/v1/alert-channels/" + f.channelA,
                        f.channelOfA("mx-hook-" + f.teamA)), teamAdminNamingA().cells()),
                new Case("body names own team", c -> Request.of("/api/v1/alert-channels/" + f.channelA,
                        f.channelOf(f.teamOf(c), "mx-hook-" + f.teamA)), teamAdminOfAObject().cells()));
        one(budget, "DELETE", "/api/v1/alert-channels/{id}", c -> Request.of("/api/v1/alert-channels/"
                + f.freshChannelOfA()), teamAdminOfAObject());
        one(budget, "POST", "/api/v1/alerts", c -> Request.of("/api/v1/alerts", Map.of()), adminPassesOnly());
        one(budget, "GET", "/api/v1/alerts", c -> Request.of("/api/v1/alerts"), scopedRead());
        one(budget, "POST", "/api/v1/alerts/{id}/resend", c -> Request.of("/api/v1/alerts/" + UUID.randomUUID()
                + "/resend"), adminPassesOnly());
        one(budget, "GET", "/api/v1/budgets", c -> Request.of("/api/v1/budgets"), scopedRead());
        one(budget, "POST", "/api/v1/budgets", c -> Request.of("/api/v1/budgets",
                f.budgetOfA(unique("mx-budget"))), teamAdminNamingA());
        rule(budget, "POST", "/api/v1/budgets/check",
                new Case("no team", c -> Request.of("/api/v1/budgets/check", Map.of("estimatedCostUsd",
                        new BigDecimal("0.001"))), anyKey().cells()),
                new Case("names A", c -> Request.of("/api/v1/budgets/check", Map.of("teamId", f.teamA,
                        "estimatedCostUsd", new BigDecimal("0.001"))), readNamingA().cells()));
        // an empty block is refused on its merits: no org budget of another test is replaced
        one(budget, "POST", "/api/v1/budgets/import/drako", c -> Request.of("/api/v1/budgets/import/drako",
                Map.of()), adminPassesOnly());
        one(budget, "GET", "/api/v1/budgets/{id}", c -> Request.of("/api/v1/budgets/" + f.budgetA),
                readOfAObject());
        rule(budget, "PUT", "/api/v1/budgets/{id}",
                new Case("body names A", c -> Request.of("/api/v1/budgets/" + f.budgetA,
                        f.budgetOfA("mx-budget-" + f.teamA)), teamAdminNamingA().cells()),
                new Case("body names own team", c -> Request.of("/api/v1/budgets/" + f.budgetA,
                        f.budgetOf(f.teamOf(c), "mx-budget-" + f.teamA)), teamAdminOfAObject().cells()));
        one(budget, "DELETE", "/api/v1/budgets/{id}", c -> Request.of("/api/v1/budgets/" + f.freshBudgetOfA()),
                teamAdminOfAObject());
        one(budget, "GET", "/api/v1/budgets/{id}/status", c -> Request.of("/api/v1/budgets/" + f.budgetA
                + "/status"), readOfAObject());
        one(budget, "GET", "/api/v1/finops/budget", c -> Request.of("/api/v1/finops/budget?budgetId=" + f.budgetA),
                readOfAObject());
    }

    private void anomaly() {
        one(anomaly, "GET", "/api/v1/finops/anomalies", c -> Request.of("/api/v1/finops/anomalies"), scopedRead());
        one(anomaly, "GET", "/api/v1/finops/anomalies/active", c -> Request.of("/api/v1/finops/anomalies/active"),
                scopedRead());
        one(anomaly, "GET", "/api/v1/finops/anomalies/{id}", c -> Request.of("/api/v1/finops/anomalies/"
                + UUID.randomUUID()), Expect.every(Outcome.notFound));
        one(anomaly, "GET", "/api/v1/finops/burn-rates/active", c -> Request.of("/api/v1/finops/burn-rates/active"),
                scopedRead());
        // team-admins set their own team's baselines and policies (an agent's team is learned from its usage)
        for (String kind : List.of("anomaly-policies", "baselines")) {
            String base = "/api/v1/finops/" + kind;
            Map<String, Object> body = kind.equals("baselines")
                    ? Map.of("baselineUsdPerHour", new BigDecimal("0.50")) : Map.of("multiplier", 6);
            one(anomaly, "GET", base, c -> Request.of(base), scopedRead());
            one(anomaly, "PUT", base + "/{agentId}", c -> Request.of(base + "/" + f.agentA, body),
                    teamAdminOfAObject());
            // put back before each call, so A's agent has one again for whoever reads it next
            one(anomaly, "DELETE", base + "/{agentId}", c -> {
                expect(200, Http.put(url(anomaly, base + "/" + f.agentA), admin(), body));
                return Request.of(base + "/" + f.agentA);
            }, teamAdminOfAObject());
        }
        one(anomaly, "GET", "/api/v1/finops/anomaly-policies/{agentId}", c -> Request.of(
                "/api/v1/finops/anomaly-policies/" + f.agentA), readOfAObject());
    }

    private void cache() {
        Caller[] ingestKeys = {Caller.admin, Caller.aIngest, Caller.bIngest};
        one(cache, "POST", "/api/v1/cache/entries", c -> Request.of("/api/v1/cache/entries",
                f.cacheEntry(unique("ns-" + f.teamA))), Expect.every(Outcome.forbidden).but(Outcome.ok, ingestKeys));
        // the answer names the namespace asked for (A's id is in it): the leak would be A's answer
        rule(cache, "GET", "/api/v1/cache/entries", new Case("", c -> Request.of("/api/v1/cache/entries?namespace="
                + f.namespaceA), scopedRead().cells(), f.answerA));
        // B's purge of the same namespace string is allowed and removes only B's entries (CrossTeamIT proves it)
        one(cache, "DELETE", "/api/v1/cache/entries", c -> {
            String ns = unique("ns-" + f.teamA);
            f.freshEntryOfA(ns);
            return Request.of("/api/v1/cache/entries?namespace=" + ns);
        }, Expect.every(Outcome.forbidden).but(Outcome.ok, ingestKeys));
        one(cache, "DELETE", "/api/v1/cache/entries/{id}", c -> Request.of("/api/v1/cache/entries/"
                + f.freshEntryOfA(f.namespaceA)), Expect.every(Outcome.forbidden).but(Outcome.ok, Caller.admin,
                Caller.aIngest).but(Outcome.notFound, Caller.bIngest));
        one(cache, "POST", "/api/v1/cache/lookup", c -> Request.of("/api/v1/cache/lookup", Map.of("namespace",
                f.namespaceA, "model", "gpt-4o", "prompt", f.promptA)), Expect.every(Outcome.forbidden)
                .but(Outcome.ok, Caller.admin, Caller.aIngest).but(Outcome.okWithoutA, Caller.bIngest));
        one(cache, "POST", "/api/v1/cache/admin/purge", c -> Request.of("/api/v1/cache/admin/purge"), adminOnly());
        // a namespace string is the caller's team's own: B has its own policy for A's namespace string
        rule(cache, "GET", "/api/v1/cache/policies", new Case("", c -> Request.of("/api/v1/cache/policies"),
                scopedRead().cells(), f.ownedByA));
        rule(cache, "GET", "/api/v1/cache/policies/{namespace}", new Case("", c -> Request.of(
                "/api/v1/cache/policies/" + f.namespaceA), scopedRead().cells(), f.ownedByA));
        rule(cache, "PUT", "/api/v1/cache/policies/{namespace}", new Case("", c -> Request.of(
                "/api/v1/cache/policies/" + f.namespaceA, f.cachePolicy()), Expect.every(Outcome.forbidden)
                .but(Outcome.ok, Caller.admin, Caller.aTeamAdmin).but(Outcome.okWithoutA, Caller.bTeamAdmin).cells(),
                f.ownedByA));
        // an org key acts on the org's policy unless it names the team
        rule(cache, "DELETE", "/api/v1/cache/policies/{namespace}",
                new Case("names A", c -> Request.of("/api/v1/cache/policies/" + f.freshCachePolicyOfA()
                        + "?teamId=" + f.teamA), teamAdminNamingA().cells()),
                new Case("no team", c -> Request.of("/api/v1/cache/policies/" + f.freshCachePolicyOfA()),
                        teamAdminOfAObject().but(Outcome.notFound, Caller.admin).cells()));
        // A shares a namespace with a third team: B sees nothing of it
        rule(cache, "GET", "/api/v1/cache/sharing", new Case("", c -> Request.of("/api/v1/cache/sharing"),
                scopedRead().cells(), f.sharedNamespaceA));
        one(cache, "GET", "/api/v1/cache/namespaces/{namespace}/sharing", c -> Request.of(
                "/api/v1/cache/namespaces/" + f.sharedNamespaceA + "/sharing"), scopedRead());
        one(cache, "PUT", "/api/v1/cache/namespaces/{namespace}/sharing", c -> {
            String ns = unique("ns-" + f.teamA);
            f.freshEntryOfA(ns);
            return Request.of("/api/v1/cache/namespaces/" + ns + "/sharing", f.sharing());
        }, adminOnly());
        one(cache, "DELETE", "/api/v1/cache/namespaces/{namespace}/sharing", c -> {
            String ns = unique("ns-" + f.teamA);
            f.freshEntryOfA(ns);
            expect(200, Http.put(url(cache, "/api/v1/cache/namespaces/" + ns + "/sharing"), admin(), f.sharing()));
            return Request.of("/api/v1/cache/namespaces/" + ns + "/sharing?ownerTeam=" + f.teamA);
        }, adminOnly());
        rule(cache, "GET", "/api/v1/finops/cache-impact", new Case("", c -> Request.of(
                "/api/v1/finops/cache-impact?days=7"), scopedRead().cells(), f.ownedByA));
        rule(cache, "GET", "/api/v1/finops/roi-stats", new Case("", c -> Request.of("/api/v1/finops/roi-stats"),
                scopedRead().cells(), f.ownedByA));
    }

    private void gateway() {
        one(gateway, "GET", "/api/v1/gateway/limits", c -> Request.of("/api/v1/gateway/limits"), adminOnly());
        one(gateway, "GET", "/api/v1/gateway/limits/{scope}/{id}", c -> Request.of("/api/v1/gateway/limits/team/"
                + f.teamA), adminOnly());
        one(gateway, "PUT", "/api/v1/gateway/limits/{scope}/{id}", c -> Request.of("/api/v1/gateway/limits/team/"
                + f.teamA, Map.of("requestsPerMinute", 10_000, "tokensPerMinute", 10_000_000)), adminOnly());
        one(gateway, "DELETE", "/api/v1/gateway/limits/{scope}/{id}", c -> {
            String team = unique("mx-limit");
            GatewayApi.limit("team", team, 10_000, 10_000_000);
            return Request.of("/api/v1/gateway/limits/team/" + team);
        }, adminOnly());
        one(gateway, "GET", "/api/v1/gateway/providers", c -> Request.of("/api/v1/gateway/providers"), adminOnly());
        one(gateway, "GET", "/api/v1/gateway/providers/{name}", c -> Request.of("/api/v1/gateway/providers/"
                + f.provider), adminOnly());
        one(gateway, "PUT", "/api/v1/gateway/providers/{name}", c -> Request.of("/api/v1/gateway/providers/"
                + unique("mx-provider"), f.providerBody()), adminOnly());
        one(gateway, "DELETE", "/api/v1/gateway/providers/{name}", c -> Request.of("/api/v1/gateway/providers/"
                + f.freshProvider()), adminOnly());
        // LLM calls: a workload key calls for its own team; the admin names the team in X-FinOps-Team
        Expect calls = Expect.every(Outcome.forbidden).but(Outcome.ok, Caller.admin, Caller.aIngest, Caller.bIngest);
        Function<Caller, Map<String, String>> team = c -> c == Caller.admin ? Map.of("X-FinOps-Team", f.teamA)
                : Map.of();
        List<Map<String, String>> hello = List.of(Map.of("role", "user", "content", "hello"));
        one(gateway, "POST", "/v1/chat/completions", c -> new Request("/v1/chat/completions", Map.of("model",
                f.model, "messages", hello), team.apply(c)), calls);
        one(gateway, "POST", "/v1/responses", c -> new Request("/v1/responses", Map.of("model", f.model,
                "input", "hello"), team.apply(c)), calls);
        one(gateway, "POST", "/v1/embeddings", c -> new Request("/v1/embeddings", Map.of("model", f.model,
                "input", "hello"), team.apply(c)), calls);
        one(gateway, "POST", "/v1/messages", c -> new Request("/v1/messages", Map.of("model", f.claudeModel,
                "max_tokens", 16, "messages", hello), team.apply(c)), calls);
        // the models the gateway serves: nothing of a team's in it, any key may list them
        one(gateway, "GET", "/v1/models", c -> new Request("/v1/models", null, team.apply(c)), anyKey());
    }

    private String freshAlias() {
        String alias = unique("mx-alias");
        expect(200, Http.put(url(pricing, "/api/v1/finops/model-aliases"), admin(),
                List.of(Map.of("alias", alias, "modelId", "gpt-4o"))));
        return alias;
    }

    /** Ingest-role calls naming team A: admin and A's ingest key; B's ingest key 403 (names A); other roles 403. */
    private static Expect ingestNamingA() {
        return Expect.every(Outcome.forbidden).but(Outcome.ok, Caller.admin, Caller.aIngest);
    }

    private void one(FinopsSuite.Service s, String method, String template, Function<Caller, Request> request,
                     Expect expect) {
        rule(s, method, template, new Case("", request, expect.cells()));
    }

    private void rule(FinopsSuite.Service s, String method, String template, Case... cases) {
        rules.add(new MatrixRule(s, method, template, List.of(cases)));
    }

    static Map<String, MatrixRule> byKey(List<MatrixRule> rules) {
        Map<String, MatrixRule> map = new LinkedHashMap<>();
        rules.forEach(r -> {
            if (map.put(r.key(), r) != null) {
                throw new IllegalStateException("two rules for " + r.key());
            }
        });
        return map;
    }
}

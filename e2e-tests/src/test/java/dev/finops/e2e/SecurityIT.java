package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.cache;
import static dev.finops.e2e.FinopsSuite.Service.ingest;
import static dev.finops.e2e.SuiteApi.admin;
import static dev.finops.e2e.SuiteApi.expect;
import static dev.finops.e2e.SuiteApi.unique;
import static dev.finops.e2e.SuiteApi.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every documented endpoint of every service: 401 without a key, 403 for a role it does not name (from the OpenAPI
 * security), revocation, cache isolation. Teams against each other: AuthorizationMatrixIT and CrossTeamIT.
 */
@Order(2)
@ExtendWith(Suite.class)
class SecurityIT {

    /** The security roles each kind of key holds (finops-http's Role.grants). */
    private static final Map<String, Set<String>> GRANTS = Map.of(
            "admin", Set.of("admin", "team-admin", "reader"), "team-admin", Set.of("team-admin", "reader"),
            "reader", Set.of("reader"), "ingest", Set.of("ingest", "reader"), "service", Set.of("service", "reader"));

    static List<OpenApi.Operation> operations;
    static Map<String, String> keys = new LinkedHashMap<>();

    @BeforeAll
    static void enumerate() {
        operations = OpenApi.all();
        assertTrue(operations.size() > 40, "every service documents its endpoints: " + operations.size());
        keys.put("admin", admin());
        keys.put("team-admin", SuiteApi.key("team-admin", unique("team-a")));
        keys.put("reader", SuiteApi.key("reader", null));
        keys.put("ingest", SuiteApi.key("ingest", unique("team-a")));
        keys.put("service", Suite.get().serviceKeys().get(0));
    }

    @Test
    void everyEndpointWithoutAKeyOrWithABadKeyIs401() {
        List<String> wrong = new ArrayList<>();
        for (OpenApi.Operation op : operations) {
            for (String key : new String[] {null, "finops_" + "x".repeat(40)}) {
                Http.Response r = Http.send(op.method(), op.url(), key, op.takesJson() ? "{}" : null);
                if (r.status() != 401 || !r.isProblem() || r.header("WWW-Authenticate") == null) {
                    wrong.add(op + (key == null ? " without a key" : " with an unknown key") + " -> " + r);
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void everyEndpointRefusesAKeyWhoseRoleItDoesNotAllow() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (OpenApi.Operation op : operations) {
            if (op.anyRole()) {
                continue;
            }
            for (Map.Entry<String, String> k : keys.entrySet()) {
                if (GRANTS.get(k.getKey()).stream().noneMatch(op.roles()::contains)) {
                    checked++;
                    Http.Response r = Http.send(op.method(), op.url(), k.getValue(), op.takesJson() ? "{}" : null);
                    if (r.status() != 403 || !r.isProblem()) {
                        wrong.add(op + " with a " + k.getKey() + " key -> " + r);
                    }
                }
            }
        }
        assertTrue(checked > 50, "checked " + checked);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void anIngestKeyOfTeamAReportsAndReadsForTeamAOnly() {
        String teamA = unique("team-a");
        String key = SuiteApi.key("ingest", teamA);
        Http.Response other = Http.post(url(ingest, "/api/v1/usage"), key, List.of(SuiteApi.event(SuiteApi.eventId(),
                "gpt-4o", 10, 10, Map.of("teamId", unique("team-b")))));
        assertEquals(403, other.status(), other.toString());
        assertTrue(other.isProblem() && other.body().contains("teamId"), other.toString());
        expect(200, Http.get(url(ingest, "/api/v1/finops/trends?days=7&teamId=" + teamA), key));
        expect(403, Http.get(url(ingest, "/api/v1/finops/trends?days=7&teamId=" + unique("team-b")), key));
        expect(200, Http.get(url(ingest, "/api/v1/finops/export"), key));
        expect(403, Http.post(url(ingest, "/api/v1/keys"), key, Map.of("name", "x", "role", "admin")));
        expect(403, Http.put(url(FinopsSuite.Service.pricing, "/api/v1/finops/valuation-rates"), key,
                Map.of("modelId", "gpt-4o", "inputRatePerKTokens", 0, "outputRatePerKTokens", 0)));
        JsonNode own = SuiteApi.report(key, List.of(SuiteApi.event(SuiteApi.eventId(), "gpt-4o", 10, 10, Map.of())));
        assertEquals(1, own.get("accepted").asInt());
    }

    @Test
    void aRevokedKeyStopsWorkingOnEveryServiceWithin60Seconds() {
        JsonNode created = SuiteApi.newKey("reader", null);
        String key = created.get("key").asText();
        for (FinopsSuite.Service s : FinopsSuite.Service.values()) {
            expect(200, Http.get(url(s, "/api/v1/auth/whoami"), key)); // now cached as valid everywhere
        }
        expect(204, Http.delete(url(ingest, "/api/v1/keys/" + created.get("id").asText()), admin()));
        Instant revoked = Instant.now();
        for (FinopsSuite.Service s : FinopsSuite.Service.values()) {
            SuiteApi.await(s + " refuses the revoked key", Duration.ofSeconds(60).minus(
                    Duration.between(revoked, Instant.now())), () -> Http.get(url(s, "/api/v1/auth/whoami"), key)
                    .status() == 401);
        }
        System.out.printf("revoked key refused by all six services after %.1f s%n",
                Duration.between(revoked, Instant.now()).toMillis() / 1000.0);
    }

    @Test
    void aCacheLookupNeverAnswersWithAnotherNamespacesEntry() {
        String key = SuiteApi.key("ingest", unique("team"));
        String nsA = unique("tenant-a");
        String nsB = unique("tenant-b");
        String prompt = "Summarise our Q3 revenue by region.";
        expect(201, Http.post(url(cache, "/api/v1/cache/entries"), key, Map.of("namespace", nsB, "model", "gpt-4o",
                "prompt", prompt, "response", "B's confidential answer", "inputTokens", 100, "outputTokens", 50)));
        JsonNode lookup = Http.post(url(cache, "/api/v1/cache/lookup"), key, Map.of("namespace", nsA,
                "model", "gpt-4o", "prompt", prompt)).json();
        assertFalse(lookup.get("hit").asBoolean(), lookup.toString());
        assertFalse(lookup.toString().contains("confidential"), lookup.toString());
        expect(201, Http.post(url(cache, "/api/v1/cache/entries"), key, Map.of("namespace", nsA, "model", "gpt-4o",
                "prompt", prompt, "response", "A's answer", "inputTokens", 100, "outputTokens", 50)));
        JsonNode hit = Http.post(url(cache, "/api/v1/cache/lookup"), key, Map.of("namespace", nsA,
                "model", "gpt-4o", "prompt", prompt)).json();
        assertEquals("A's answer", hit.get("response").asText(), hit.toString());
    }
}

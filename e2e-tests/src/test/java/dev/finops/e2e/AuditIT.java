package dev.finops.e2e;

import static dev.finops.e2e.FinopsSuite.Service.budget;
import static dev.finops.e2e.FinopsSuite.Service.ingest;
import static dev.finops.e2e.FinopsSuite.Service.pricing;
import static dev.finops.e2e.SuiteApi.admin;
import static dev.finops.e2e.SuiteApi.expect;
import static dev.finops.e2e.SuiteApi.unique;
import static dev.finops.e2e.SuiteApi.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit trail through the public API: a rate change, a budget change and a key revocation each appear with the
 * object before and after, in the owning service's trail and in ingest's merged one; no API changes or deletes an
 * entry.
 */
@Order(2)
@ExtendWith(Suite.class)
class AuditIT {

    private final String since = Instant.now().minusSeconds(5).toString();

    @Test
    void aRateChangeIsAuditedWithBeforeAndAfter() {
        String model = unique("audit-model");
        SuiteApi.putRate(model, "0.001", "0.002");
        SuiteApi.putRate(model, "0.003", "0.004");
        JsonNode entry = changed(pricing, "rate", model);
        assertTrue(entry.get("before").toString().contains("0.001"), entry.toString());
        assertTrue(entry.get("after").toString().contains("0.003"), entry.toString());
    }

    @Test
    void aBudgetChangeIsAuditedWithBeforeAndAfter() {
        String name = unique("audit-budget");
        String team = unique("audit-team");
        Map<String, Object> body = Map.of("name", name, "scope", Map.of("team", team), "period", "monthly",
                "amountUsd", 100);
        String id = SuiteApi.budget(body).get("id").asText();
        expect(200, Http.put(url(budget, "/api/v1/budgets/" + id), admin(), Map.of("name", name,
                "scope", Map.of("team", team), "period", "monthly", "amountUsd", 250)));
        JsonNode entry = changed(budget, "budget", id);
        assertEquals(0, new BigDecimal("100").compareTo(entry.get("before").get("amountUsd").decimalValue()),
                entry.toString());
        assertEquals(0, new BigDecimal("250").compareTo(entry.get("after").get("amountUsd").decimalValue()),
                entry.toString());
        assertEquals(team, entry.get("teamId").asText(), entry.toString());
    }

    @Test
    void aKeyRevocationIsAuditedWithTheKeyBeforeAndNoSecret() {
        JsonNode key = SuiteApi.newKey("reader", unique("audit-team"));
        String id = key.get("id").asText();
        expect(204, Http.delete(url(ingest, "/api/v1/keys/" + id), admin()));
        List<JsonNode> entries = SuiteApi.awaitValue("the revocation in ingest's trail", Duration.ofSeconds(20), () -> {
            List<JsonNode> mine = entries(ingest, "key", id);
            return mine.stream().anyMatch(e -> !e.path("before").isNull() && !e.path("before").isMissingNode())
                    ? mine : null;
        });
        JsonNode revocation = entries.stream().filter(e -> !e.path("before").isNull()).findFirst().orElseThrow();
        assertTrue(revocation.get("before").toString().contains(id), revocation.toString());
        assertFalse(revocation.path("after").toString().contains("\"revokedAt\":null"), revocation.toString());
        for (JsonNode e : entries) {
            assertFalse(e.toString().contains(key.get("key").asText()), "the secret is not in the trail: " + e);
        }
    }

    @Test
    void noApiChangesOrDeletesAnAuditEntry() {
        SuiteApi.putRate(unique("audit-model"), "0.001", "0.002"); // at least one entry in pricing's trail
        List<String> wrong = new ArrayList<>();
        for (FinopsSuite.Service s : FinopsSuite.Service.values()) {
            Http.Response list = Http.get(url(s, "/api/v1/audit?limit=1000"), admin());
            JsonNode before = list.status() == 200 ? list.json() : Http.JSON.createArrayNode(); // no trail: 404
            String id = before.size() > 0 ? before.get(0).get("id").asText() : "1";
            for (String path : List.of("/api/v1/audit", "/api/v1/audit/" + id)) {
                for (String method : List.of("PUT", "DELETE", "PATCH", "POST")) {
                    Http.Response r = Http.send(method, url(s, path), admin(), method.equals("DELETE") ? null
                            : Map.of("actor", "someone else", "after", Map.of()));
                    if (r.status() != 405 && r.status() != 404) {
                        wrong.add(s + " " + method + " " + path + " -> " + r);
                    }
                }
            }
            if (before.size() > 0) {
                JsonNode after = Http.get(url(s, "/api/v1/audit?limit=1000"), admin()).json();
                JsonNode same = StreamSupport.stream(after.spliterator(), false)
                        .filter(e -> e.get("id").asText().equals(id)).findFirst().orElse(null);
                if (!before.get(0).equals(same)) {
                    wrong.add(s + " entry " + id + " changed: " + before.get(0) + " -> " + same);
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /**
     * The update of {@code target} in the owning service's trail and in ingest's merged trail, the same entry in both:
     * answers the owning service's one (before and after both present).
     */
    private JsonNode changed(FinopsSuite.Service owner, String kind, String target) {
        JsonNode own = SuiteApi.awaitValue(owner + "'s trail has the change of " + target, Duration.ofSeconds(20),
                () -> entries(owner, kind, target).stream().filter(AuditIT::hasBeforeAndAfter).findFirst()
                        .orElse(null));
        assertEquals(owner + "-service", own.get("service").asText(), own.toString());
        JsonNode merged = entries(ingest, kind, target).stream().filter(e -> e.get("id").equals(own.get("id"))
                && e.get("service").equals(own.get("service"))).findFirst().orElse(null);
        assertEquals(own, merged, "ingest's merged trail holds " + owner + "'s entry");
        return own;
    }

    private static boolean hasBeforeAndAfter(JsonNode e) {
        return e.hasNonNull("before") && e.hasNonNull("after");
    }

    /** The entries of a kind in a service's trail whose target (or objects) mention {@code target}. */
    private List<JsonNode> entries(FinopsSuite.Service s, String kind, String target) {
        Http.Response r = Http.get(url(s, "/api/v1/audit?limit=1000&kind=" + kind + "&since=" + since), admin());
        expect(200, r);
        return StreamSupport.stream(r.json().spliterator(), false).filter(e -> e.path("target").asText()
                .contains(target) || e.path("before").toString().contains(target)
                || e.path("after").toString().contains(target)).toList();
    }
}

package dev.finops.gateway.provider;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.finops.gateway.GatewayTestBase;
import dev.finops.gateway.SuiteStub;
import dev.finops.testing.IngestStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gateway's admin APIs are the admin's; every change to a provider or a rate limit is in the audit trail with the
 * object before and after, and a provider's API key never is.
 */
@QuarkusTest
@WithTestResource(SuiteStub.class)
class AdminAuditTest extends GatewayTestBase {

    @Test
    void providerChangesAreAuditedWithoutTheirApiKey() {
        String name = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "sk-never-in-the-trail-" + UUID.randomUUID();
        String path = "/api/v1/gateway/providers/" + name;
        as(admin).body(Map.of("type", "openai", "baseUrl", upstream.baseUrl() + "/v1", "apiKey", secret,
                "models", List.of("gpt-audit"), "timeoutMs", 5000)).put(path).then().statusCode(200);
        as(admin).body(Map.of("type", "openai", "baseUrl", upstream.baseUrl() + "/v1", "models",
                List.of("gpt-audit", "gpt-audit-2"), "timeoutMs", 4000)).put(path).then().statusCode(200);
        as(admin).delete(path).then().statusCode(204);

        String trail = as(admin).get("/api/v1/audit?kind=provider&limit=1000").then().statusCode(200).extract()
                .asString();
        assertFalse(trail.contains(secret), "the provider's API key is not in the audit trail");
        List<Map<String, Object>> mine = entries(trail, name);
        assertEquals(List.of("delete", "update", "create"), mine.stream().map(e -> e.get("action")).toList());
        Map<?, ?> created = (Map<?, ?>) mine.get(2).get("after");
        assertNull(mine.get(2).get("before"));
        assertEquals(true, created.get("apiKeySet"));
        assertEquals(true, created.get("apiKeyReplaced"));
        assertEquals(List.of("gpt-audit"), created.get("models"));
        Map<?, ?> updated = (Map<?, ?>) mine.get(1).get("after");
        assertEquals(List.of("gpt-audit", "gpt-audit-2"), updated.get("models"));
        assertEquals(false, updated.get("apiKeyReplaced"));
        assertEquals(5000, ((Map<?, ?>) mine.get(1).get("before")).get("timeoutMs"));
        assertEquals(4000, ((Map<?, ?>) mine.get(0).get("before")).get("timeoutMs"));
        assertNull(mine.get(0).get("after"));
        assertEquals("key:name-" + admin, mine.get(0).get("actor"));
        assertNull(mine.get(0).get("teamId"));
    }

    @Test
    void rateLimitChangesAreAuditedUnderTheTeamTheyLimit() {
        String limited = "team-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/v1/gateway/limits/team/" + limited;
        as(admin).body("{\"requestsPerMinute\":10}").put(path).then().statusCode(200);
        as(admin).body("{\"requestsPerMinute\":20,\"tokensPerMinute\":1000}").put(path).then().statusCode(200);
        as(admin).delete(path).then().statusCode(204);
        as(admin).delete(path).then().statusCode(404);

        List<Map<String, Object>> mine = entries(as(admin).get("/api/v1/audit?kind=rate-limit&limit=1000").then()
                .statusCode(200).extract().asString(), "team/" + limited);
        assertEquals(List.of("delete", "update", "create"), mine.stream().map(e -> e.get("action")).toList());
        assertEquals(limited, mine.get(0).get("teamId"));
        assertEquals(10, ((Map<?, ?>) mine.get(2).get("after")).get("requestsPerMinute"));
        assertEquals(10, ((Map<?, ?>) mine.get(1).get("before")).get("requestsPerMinute"));
        assertEquals(1000, ((Map<?, ?>) mine.get(1).get("after")).get("tokensPerMinute"));
        assertNull(mine.get(0).get("after"));

        String teamAdmin = "key-" + UUID.randomUUID();
        IngestStub.active(ingest, teamAdmin, "team-admin", limited);
        List<Map<String, Object>> seenByTeam = entries(as(teamAdmin).get("/api/v1/audit?kind=rate-limit&limit=1000")
                .then().statusCode(200).extract().asString(), "team/" + limited);
        assertEquals(3, seenByTeam.size(), "a team-admin reads its own team's entries");
    }

    @Test
    void providersAndRateLimitsAreTheAdminsOnly() {
        for (String role : new String[] {"team-admin", "reader", "ingest"}) {
            String k = "key-" + UUID.randomUUID();
            IngestStub.active(ingest, k, role, team);
            as(k).get("/api/v1/gateway/providers").then().statusCode(403);
            as(k).body(Map.of("type", "openai")).put("/api/v1/gateway/providers/x").then().statusCode(403);
            as(k).get("/api/v1/gateway/limits").then().statusCode(403);
            as(k).body("{\"requestsPerMinute\":1000}").put("/api/v1/gateway/limits/team/" + team).then()
                    .statusCode(403);
            as(k).delete("/api/v1/gateway/limits/team/" + team).then().statusCode(403);
        }
        String orgTeamAdmin = "key-" + UUID.randomUUID();
        IngestStub.active(ingest, orgTeamAdmin, "team-admin", null);
        as(orgTeamAdmin).get("/api/v1/gateway/limits").then().statusCode(403);
        as(orgTeamAdmin).get("/api/v1/audit?kind=provider").then().statusCode(200);
        as(admin).get("/api/v1/gateway/limits").then().statusCode(200);
    }

    private RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    private static List<Map<String, Object>> entries(String trail, String target) {
        List<Map<String, Object>> all = io.restassured.path.json.JsonPath.from(trail).getList("$");
        return all.stream().filter(e -> target.equals(e.get("target"))).toList();
    }
}

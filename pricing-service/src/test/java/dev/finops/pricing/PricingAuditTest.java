package dev.finops.pricing;

import static dev.finops.pricing.Api.as;
import static dev.finops.pricing.Api.unique;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.testing.IngestStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every change to rates, aliases and routing policies is in GET /api/v1/audit with the object before and after. */
@QuarkusTest
@WithTestResource(IngestStub.class)
class PricingAuditTest {

    private static final String AUDIT = "/api/v1/audit";

    @IngestStub.Server
    WireMockServer ingest;

    String admin;

    @BeforeEach
    void keys() {
        admin = Api.key(ingest, "admin");
    }

    @Test
    void aRateChangeIsAuditedWithTheVersionBeforeAndAfter() {
        String model = unique("audited");
        long first = Api.putRateVersion(admin, model, "0.001", "0.002", null);
        long second = Api.putRateVersion(admin, model, "0.0015", "0.002", null);

        String since = java.time.Instant.now().minusSeconds(600).toString();
        var entries = as(admin).queryParam("kind", "rate").queryParam("since", since).get(AUDIT).then()
                .statusCode(200).extract().jsonPath();
        String at = "find { it.target == '" + model + "' && it.after.version == " + second + " }";
        org.junit.jupiter.api.Assertions.assertEquals("pricing-service", entries.getString(at + ".service"));
        org.junit.jupiter.api.Assertions.assertEquals("create", entries.getString(at + ".action"));
        org.junit.jupiter.api.Assertions.assertEquals("key:name-" + admin, entries.getString(at + ".actor"));
        org.junit.jupiter.api.Assertions.assertEquals(first, entries.getLong(at + ".before.version"));
        org.junit.jupiter.api.Assertions.assertEquals(0, new BigDecimal("0.001")
                .compareTo(entries.getObject(at + ".before.inputRatePerKTokens", BigDecimal.class)));
        org.junit.jupiter.api.Assertions.assertEquals(0, new BigDecimal("0.0015")
                .compareTo(entries.getObject(at + ".after.inputRatePerKTokens", BigDecimal.class)));
        String created = "find { it.target == '" + model + "' && it.after.version == " + first + " }";
        org.junit.jupiter.api.Assertions.assertNull(entries.get(created + ".before"));
    }

    @Test
    void aliasAndPolicyChangesAreAuditedAndATeamAdminSeesOnlyItsTeamsEntries() {
        String model = unique("m");
        Api.putRateVersion(admin, model, "0.001", "0.002", null);
        String alias = unique("alias");
        as(admin).contentType(ContentType.JSON).body("[{\"alias\":\"" + alias + "\",\"modelId\":\"" + model + "\"}]")
                .put("/api/v1/finops/model-aliases").then().statusCode(200);
        as(admin).delete("/api/v1/finops/model-aliases/" + alias).then().statusCode(204);
        as(admin).queryParam("kind", "alias").get(AUDIT).then().statusCode(200)
                .body("findAll { it.target == '" + alias + "' }", hasSize(2))
                .body("find { it.target == '" + alias + "' && it.action == 'create' }.after.modelId", equalTo(model))
                .body("find { it.target == '" + alias + "' && it.action == 'delete' }.before.modelId", equalTo(model))
                .body("find { it.target == '" + alias + "' && it.action == 'delete' }.after", nullValue());

        String team = unique("team");
        String other = unique("team");
        policy("team/" + team, "gpt-4o");
        policy("team/" + team, "gpt-4o-mini");
        policy("team/" + other, "gpt-4o");
        as(admin).delete("/api/v1/routing/policies/team/" + team).then().statusCode(204);
        String target = "findAll { it.target == 'team/" + team + "' }";
        as(admin).queryParam("kind", "policy").get(AUDIT).then().statusCode(200)
                .body(target + ".action", equalTo(java.util.List.of("delete", "update", "create")))
                .body(target + "[1].before.defaultModel", equalTo("gpt-4o"))
                .body(target + "[1].after.defaultModel", equalTo("gpt-4o-mini"))
                .body(target + "[0].before.defaultModel", equalTo("gpt-4o-mini"))
                .body(target + "[0].teamId", equalTo(team));

        String teamAdmin = "k-team-admin-" + UUID.randomUUID();
        IngestStub.active(ingest, teamAdmin, "team-admin", team);
        as(teamAdmin).get(AUDIT).then().statusCode(200).body("teamId", everyItem(equalTo(team)))
                .body("findAll { it.target == 'team/" + team + "' }", hasSize(3));
        String reader = Api.key(ingest, "reader");
        as(reader).get(AUDIT).then().statusCode(403);
        // Rates are org data: a team key reads them, and cannot change them.
        as(teamAdmin).get("/api/v1/finops/valuation-rates/" + model).then().statusCode(200)
                .body("inputRatePerKTokens", comparesEqualTo(new BigDecimal("0.001")));
        Api.putRate(teamAdmin, Api.rate(model, "0.5", "0.5", null)).statusCode(403);
    }

    private void policy(String scopePath, String defaultModel) {
        as(admin).contentType(ContentType.JSON).body("{\"defaultModel\":\"" + defaultModel + "\"}")
                .put("/api/v1/routing/policies/" + scopePath).then().statusCode(200);
    }
}

package dev.finops.ingest;

import static dev.finops.ingest.Api.as;
import static dev.finops.ingest.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.finops.http.auth.KeyHashing;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Roles and who may issue, list and revoke which keys (decision 0019), and the audit entries of key changes. */
@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class TeamKeysTest {

    @Inject
    Pool pool;

    private static ValidatableResponse create(String caller, String json) {
        return as(caller).contentType(ContentType.JSON).body(json).post("/api/v1/keys").then();
    }

    private static ExtractableResponse<Response> created(String caller, String json) {
        return create(caller, json).statusCode(201).extract();
    }

    @Test
    void aTeamAdminKeyIsStoredByItsWireNameAndIntrospectedAsSuch() {
        String team = unique("team");
        var k = created(Api.ADMIN_KEY, "{\"name\":\"lead\",\"role\":\"team-admin\",\"teamId\":\"" + team + "\"}");
        assertEquals("team-admin", k.path("role"));
        assertEquals("team", k.path("scope"));
        String stored = pool.preparedQuery("SELECT role FROM api_keys WHERE id = $1").execute(Tuple.of(k.path("id")))
                .await().indefinitely().iterator().next().getString(0);
        assertEquals("team-admin", stored);
        as(Api.SERVICE_KEY).contentType(ContentType.JSON).body("{\"key\":\"" + k.path("key") + "\"}")
                .post("/api/v1/keys/introspect").then().statusCode(200).body("active", equalTo(true))
                .body("role", equalTo("team-admin")).body("teamId", equalTo(team));
        as(k.path("key")).get("/api/v1/auth/whoami").then().statusCode(200).body("role", equalTo("team-admin"));
        as(Api.ADMIN_KEY).get("/api/v1/keys").then().statusCode(200)
                .body("find { it.id == '" + k.path("id") + "' }.role", equalTo("team-admin"))
                .body("find { it.id == '" + k.path("id") + "' }.scope", equalTo("team"));
    }

    @Test
    void aReaderKeyFromBeforeTeamsKeepsOrgScopeAndAdminKeysCannotHoldATeam() {
        String secret = "finops_" + unique("old-reader");
        String id = unique("old");
        pool.preparedQuery("INSERT INTO api_keys (id, name, role, key_hash) VALUES ($1, 'old reader', 'reader', $2)")
                .execute(Tuple.of(id, KeyHashing.sha256(secret))).await().indefinitely();
        as(Api.ADMIN_KEY).get("/api/v1/keys").then().body("find { it.id == '" + id + "' }.scope", equalTo("org"));
        as(secret).queryParam("teamId", unique("any-team")).get("/api/v1/finops/allocations").then().statusCode(200);
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> pool.preparedQuery(
                "INSERT INTO api_keys (id, name, role, team_id, key_hash) VALUES ($1, 'a', 'admin', 't', $2)")
                .execute(Tuple.of(unique("adm"), unique("hash"))).await().indefinitely());
        org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("api_keys_org_roles_have_no_team"),
                refused.getMessage());
    }

    @Test
    void readerAndTeamAdminKeysSayTheirTeamOrOrgScope() {
        create(Api.ADMIN_KEY, "{\"name\":\"r\",\"role\":\"reader\"}").statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItems("teamId", "scope"));
        create(Api.ADMIN_KEY, "{\"name\":\"r\",\"role\":\"team-admin\"}").statusCode(400)
                .body("errors.field", hasItem("teamId"));
        create(Api.ADMIN_KEY, "{\"name\":\"r\",\"role\":\"reader\",\"scope\":\"org\"}").statusCode(201)
                .body("scope", equalTo("org")).body("teamId", nullValue());
        create(Api.ADMIN_KEY, "{\"name\":\"r\",\"role\":\"reader\",\"scope\":\"org\",\"teamId\":\"t\"}")
                .statusCode(400).body("errors[0].field", equalTo("scope"));
        create(Api.ADMIN_KEY, "{\"name\":\"r\",\"role\":\"reader\",\"scope\":\"everyone\"}").statusCode(400)
                .body("errors.field", hasItem("scope"));
        create(Api.ADMIN_KEY, "{\"name\":\"a\",\"role\":\"admin\",\"teamId\":\"t\"}").statusCode(400)
                .body("errors[0].field", equalTo("teamId"));
        create(Api.ADMIN_KEY, "{\"name\":\"s\",\"role\":\"service\",\"teamId\":\"t\"}").statusCode(400)
                .body("errors[0].field", equalTo("teamId"));
        create(Api.ADMIN_KEY, "{\"name\":\"i\",\"role\":\"ingest\",\"scope\":\"org\"}").statusCode(400)
                .body("errors[0].field", equalTo("scope"));
        create(Api.ADMIN_KEY, "{\"name\":\"a\",\"role\":\"admin\"}").statusCode(201).body("scope", equalTo("org"));
    }

    @Test
    void aTeamAdminIssuesOnlyItsOwnTeamsReaderIngestAndTeamAdminKeys() {
        String team = unique("team");
        String lead = Api.key("team-admin", team);
        for (String role : new String[] {"reader", "ingest", "team-admin"}) {
            create(lead, "{\"name\":\"" + unique(role) + "\",\"role\":\"" + role + "\"}").statusCode(201)
                    .body("teamId", equalTo(team)).body("scope", equalTo("team")).body("role", equalTo(role));
        }
        create(lead, "{\"name\":\"r\",\"role\":\"reader\",\"teamId\":\"" + team + "\"}").statusCode(201);
        create(lead, "{\"name\":\"r\",\"role\":\"reader\",\"teamId\":\"other-team\"}").statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("'" + team + "'"))
                .body("errors[0].field", equalTo("teamId"));
        create(lead, "{\"name\":\"r\",\"role\":\"reader\",\"scope\":\"org\"}").statusCode(403)
                .body("detail", containsString(team));
        create(lead, "{\"name\":\"a\",\"role\":\"admin\"}").statusCode(403).body("errors[0].field", equalTo("role"));
        create(lead, "{\"name\":\"s\",\"role\":\"service\"}").statusCode(403);
    }

    @Test
    void aTeamAdminListsAndRevokesOnlyItsOwnTeamsKeys() {
        String team = unique("team");
        String lead = Api.key("team-admin", team);
        String mine = created(lead, "{\"name\":\"ci\",\"role\":\"ingest\"}").path("id");
        String mineSecret = Api.key("reader", team);
        String theirs = created(Api.ADMIN_KEY, "{\"name\":\"x\",\"role\":\"reader\",\"teamId\":\"" + unique("team")
                + "\"}").path("id");
        String org = created(Api.ADMIN_KEY, "{\"name\":\"o\",\"role\":\"reader\",\"scope\":\"org\"}").path("id");

        as(lead).get("/api/v1/keys").then().statusCode(200).body("teamId", everyItem(equalTo(team)))
                .body("id", hasItem(mine)).body("id", not(hasItem(theirs))).body("id", not(hasItem(org)))
                .body("[0]", not(hasKey("key")));
        as(Api.ADMIN_KEY).get("/api/v1/keys").then().body("id", hasItems(mine, theirs, org));

        as(lead).delete("/api/v1/keys/" + theirs).then().statusCode(404).contentType("application/problem+json");
        as(lead).delete("/api/v1/keys/" + org).then().statusCode(404);
        as(Api.ADMIN_KEY).get("/api/v1/keys").then().body("find { it.id == '" + theirs + "' }.revokedAt", nullValue());
        as(lead).delete("/api/v1/keys/" + mine).then().statusCode(204);
        as(Api.ADMIN_KEY).get("/api/v1/keys").then().body("find { it.id == '" + mine + "' }.revokedAt", notNullValue());

        as(mineSecret).get("/api/v1/keys").then().statusCode(403);
        as(mineSecret).delete("/api/v1/keys/" + theirs).then().statusCode(403);
        as(Api.key("ingest", team)).contentType(ContentType.JSON).body("{\"name\":\"r\",\"role\":\"reader\"}")
                .post("/api/v1/keys").then().statusCode(403);
    }

    @Test
    void everyKeyCreationAndRevocationIsAuditedWithoutSecrets() {
        Instant start = Instant.now().minusSeconds(1);
        String team = unique("team");
        var leadKey = created(Api.ADMIN_KEY, "{\"name\":\"" + unique("lead") + "\",\"role\":\"team-admin\","
                + "\"teamId\":\"" + team + "\"}");
        String lead = leadKey.path("key");
        var issued = created(lead, "{\"name\":\"" + unique("ci") + "\",\"role\":\"ingest\"}");
        String id = issued.path("id");
        as(lead).delete("/api/v1/keys/" + id).then().statusCode(204);
        as(lead).delete("/api/v1/keys/" + id).then().statusCode(204);
        String other = created(Api.ADMIN_KEY, "{\"name\":\"o\",\"role\":\"reader\",\"teamId\":\"" + unique("team")
                + "\"}").path("id");

        String create = "find { it.target == '" + id + "' && it.action == 'create' }";
        String revoke = "find { it.target == '" + id + "' && it.action == 'revoke' }";
        var trail = as(Api.ADMIN_KEY).queryParam("since", start.toString()).queryParam("kind", "key")
                .get("/api/v1/audit").then().statusCode(200)
                .body(create + ".service", equalTo("ingest-service"))
                .body(create + ".actor", equalTo("key:" + leadKey.path("name")))
                .body(create + ".actorKeyId", equalTo(leadKey.path("id")))
                .body(create + ".teamId", equalTo(team))
                .body(create + ".kind", equalTo("key"))
                .body(create + ".before", nullValue())
                .body(create + ".after.role", equalTo("ingest"))
                .body(create + ".after.teamId", equalTo(team))
                .body(create + ".after", not(hasKey("key")))
                .body(create + ".after", not(hasKey("keyHash")))
                .body(revoke + ".before.revokedAt", nullValue())
                .body(revoke + ".after.revokedAt", notNullValue())
                .body("findAll { it.target == '" + id + "' }.size()", equalTo(2))
                .body("target", hasItem(other))
                .extract().asString();
        assertEquals(-1, trail.indexOf((String) issued.path("key")), "the secret never reaches the trail");
        assertEquals(-1, trail.indexOf(KeyHashing.sha256(issued.path("key"))), "nor its hash");

        as(lead).queryParam("since", start.toString()).queryParam("kind", "key").get("/api/v1/audit").then()
                .statusCode(200).body("teamId", everyItem(equalTo(team))).body("target", hasItem(id))
                .body("target", not(hasItem(other)));
        as(Api.key("reader", team)).get("/api/v1/audit").then().statusCode(403);
    }
}

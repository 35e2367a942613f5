package dev.finops.ingest;

import static dev.finops.ingest.Api.as;
import static dev.finops.ingest.Api.event;
import static dev.finops.ingest.Api.key;
import static dev.finops.ingest.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.finops.http.auth.KeyHashing;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PricingStub.class)
class KeyApiTest {

    @Inject
    Pool pool;

    @Test
    void aNewKeyIsShownOnceAndStoredOnlyAsItsHash() {
        String name = unique("ci-agent");
        var created = as(Api.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"role\":\"ingest\",\"teamId\":\"t1\"}").post("/api/v1/keys")
                .then().statusCode(201).body("key", startsWith("finops_")).body("role", equalTo("ingest"))
                .body("teamId", equalTo("t1")).extract();
        String secret = created.path("key");
        String id = created.path("id");

        Row row = pool.preparedQuery("SELECT * FROM api_keys WHERE id = $1").execute(Tuple.of(id)).await()
                .indefinitely().iterator().next();
        assertEquals(KeyHashing.sha256(secret), row.getString("key_hash"));
        for (int i = 0; i < row.size(); i++) {
            assertFalse(String.valueOf(row.getValue(i)).contains(secret), "the secret itself is never stored");
        }
        as(Api.ADMIN_KEY).get("/api/v1/keys").then().statusCode(200).body("name", hasItem(name))
                .body("find { it.id == '" + id + "' }.key", nullValue());
    }

    @Test
    void everyEndpointNeedsAValidKey() {
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/usage").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("finops_not-a-real-key").get("/api/v1/usage/feed").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/v1/keys").then().statusCode(401);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void rolesDecideWhatAKeyMayDo() {
        String reader = key("reader", null);
        String ingest = key("ingest", unique("team"));
        as(reader).contentType(ContentType.JSON).body(event(unique("ev"), "gpt-4o", 1, 1)).post("/api/v1/usage")
                .then().statusCode(403).contentType("application/problem+json");
        as(reader).get("/api/v1/usage/feed?limit=1").then().statusCode(200);
        as(ingest).get("/api/v1/keys").then().statusCode(403);
        as(ingest).get("/api/v1/usage/feed").then().statusCode(200);
        as(ingest).contentType(ContentType.JSON).body("{\"name\":\"x\",\"role\":\"admin\"}").post("/api/v1/keys")
                .then().statusCode(403);
        as(reader).contentType(ContentType.JSON).body("{\"model\":\"m\",\"from\":\"2026-01-01T00:00:00Z\","
                + "\"to\":\"2026-01-02T00:00:00Z\"}").post("/api/v1/usage/revalue").then().statusCode(403);
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        String team = unique("team");
        var created = as(Api.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"temp\",\"role\":\"ingest\",\"teamId\":\"" + team + "\"}").post("/api/v1/keys")
                .then().statusCode(201).extract();
        String secret = created.path("key");
        Api.post(secret, event(unique("ev"), "gpt-4o", 1, 1)).statusCode(201);

        as(Api.ADMIN_KEY).delete("/api/v1/keys/" + created.path("id")).then().statusCode(204);

        Api.post(secret, event(unique("ev"), "gpt-4o", 1, 1)).statusCode(401);
        as(Api.ADMIN_KEY).get("/api/v1/keys").then()
                .body("find { it.id == '" + created.path("id") + "' }.revokedAt", notNullValue());
        as(Api.ADMIN_KEY).delete("/api/v1/keys/no-such-key").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void servicesIntrospectKeysWithTheirOwnServiceKey() {
        String team = unique("team");
        String ingest = key("ingest", team);
        as(Api.SERVICE_KEY).contentType(ContentType.JSON).body("{\"key\":\"" + ingest + "\"}")
                .post("/api/v1/keys/introspect").then().statusCode(200).body("active", equalTo(true))
                .body("role", equalTo("ingest")).body("teamId", equalTo(team)).body("keyId", notNullValue());
        as(Api.SERVICE_KEY).contentType(ContentType.JSON).body("{\"key\":\"finops_unknown\"}")
                .post("/api/v1/keys/introspect").then().statusCode(200).body("active", equalTo(false))
                .body("role", nullValue());
        as(ingest).contentType(ContentType.JSON).body("{\"key\":\"" + ingest + "\"}")
                .post("/api/v1/keys/introspect").then().statusCode(403);
        as(Api.SERVICE_KEY).get("/api/v1/auth/whoami").then().statusCode(200).body("role", equalTo("service"))
                .body("name", equalTo("budget-service"));
    }

    @Test
    void badKeyRequestsNameTheField() {
        as(Api.ADMIN_KEY).contentType(ContentType.JSON).body("{\"name\":\"x\",\"role\":\"ingest\"}")
                .post("/api/v1/keys").then().statusCode(400).body("errors[0].field", equalTo("teamId"));
        as(Api.ADMIN_KEY).contentType(ContentType.JSON).body("{\"name\":\"x\",\"role\":\"owner\"}")
                .post("/api/v1/keys").then().statusCode(400).body("errors.field", hasItem("role"));
        as(Api.ADMIN_KEY).contentType(ContentType.JSON).body("{\"role\":\"reader\"}")
                .post("/api/v1/keys").then().statusCode(400).body("errors.field", hasItem("name"))
                .body("status", not(equalTo(500)));
    }
}

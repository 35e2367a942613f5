package dev.finops.cache;

import dev.finops.testing.IngestStub;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The entries API (store, list, delete, invalidate), bad input as problem+json naming the field, and roles. */
@QuarkusTest
@WithTestResource(IngestStub.class)
@WithTestResource(PricingStub.class)
class EntriesTest extends CacheTestBase {

    @Test
    void storedEntriesAreListedPagedWithoutTheirVectors() {
        String ns = Api.namespace();
        for (int i = 0; i < 3; i++) {
            api.store(Api.entry(ns, MODEL, "question number " + i, "answer " + i));
        }
        api.as(api.reader).queryParam("namespace", ns).queryParam("limit", 2).get("/api/v1/cache/entries").then()
                .statusCode(200).body("total", equalTo(3)).body("items", hasSize(2))
                .body("items[0].prompt", equalTo("question number 2")).body("items[0].inputTokens", equalTo(1200))
                .body("items[0].embeddingModel", containsString("bge-small-en-v15-q")).body("items[0].ttlHours", equalTo(24))
                .body("items[0]", not(org.hamcrest.Matchers.hasKey("embedding")));
        api.as(api.reader).queryParam("namespace", ns).queryParam("limit", 2).queryParam("offset", 2)
                .get("/api/v1/cache/entries").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].prompt", equalTo("question number 0"));
    }

    @Test
    void storingTheSamePromptAgainReplacesTheAnswerOfTheSameEntry() {
        String ns = Api.namespace();
        String first = api.store(Api.entry(ns, MODEL, "What is our SLA?", "99.5%"));
        String second = api.store(Api.entry(ns, MODEL, "what is our  SLA?", "99.9%"));
        api.lookup(Api.query(ns, MODEL, "What is our SLA?")).body("hit", equalTo(true)).body("response", equalTo("99.9%"))
                .body("entryId", equalTo(second)).body("entryId", equalTo(first));
        api.as(api.reader).queryParam("namespace", ns).get("/api/v1/cache/entries").then().body("total", equalTo(1));
    }

    @Test
    void anEntryIsDeletedByIdAndANamespaceOrOneOfItsModelsIsInvalidated() {
        String ns = Api.namespace();
        String id = api.store(Api.entry(ns, MODEL, "delete me", "r"));
        api.store(Api.entry(ns, MODEL, "keep me", "r"));
        api.store(Api.entry(ns, "claude-sonnet-4", "other model", "r"));

        api.as(api.admin).delete("/api/v1/cache/entries/" + id).then().statusCode(204);
        api.as(api.admin).delete("/api/v1/cache/entries/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        api.lookup(Api.query(ns, MODEL, "delete me")).body("hit", equalTo(false));

        api.as(api.ingestKey).queryParam("namespace", ns).queryParam("model", MODEL).delete("/api/v1/cache/entries")
                .then().statusCode(200).body("deleted", equalTo(1));
        api.lookup(Api.query(ns, "claude-sonnet-4", "other model")).body("hit", equalTo(true));
        api.as(api.admin).queryParam("namespace", ns).delete("/api/v1/cache/entries").then().statusCode(200)
                .body("deleted", equalTo(1));
        api.lookup(Api.query(ns, "claude-sonnet-4", "other model")).body("hit", equalTo(false));
    }

    @Test
    void anEmptyPromptIs400NamingTheField() {
        api.as(api.ingestKey).body(Api.query(Api.namespace(), MODEL, "   ")).post("/api/v1/cache/lookup").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("prompt"));
        Map<String, Object> e = Api.entry(Api.namespace(), MODEL, "", "r");
        api.as(api.ingestKey).body(e).post("/api/v1/cache/entries").then().statusCode(400)
                .body("errors[0].field", equalTo("prompt"));
    }

    @Test
    void aHugePromptIs413NamingTheField() {
        String huge = "word ".repeat(10_000);
        api.as(api.ingestKey).body(Api.query(Api.namespace(), MODEL, huge)).post("/api/v1/cache/lookup").then()
                .statusCode(413).contentType("application/problem+json").body("errors[0].field", equalTo("prompt"))
                .body("detail", containsString("32768"));
        Map<String, Object> q = LookupTest.messages(Api.namespace(), "sys", huge);
        api.as(api.ingestKey).body(q).post("/api/v1/cache/lookup").then().statusCode(413)
                .body("errors[0].field", equalTo("messages[1].content"));
    }

    @Test
    void otherBadInputIs400NamingTheField() {
        String ns = Api.namespace();
        badLookup(Map.of("model", MODEL, "prompt", "p"), "namespace");
        badLookup(Map.of("namespace", "has space", "model", MODEL, "prompt", "p"), "namespace");
        badLookup(Map.of("namespace", ns, "prompt", "p"), "model");
        badLookup(Map.of("namespace", ns, "model", MODEL), "prompt");
        badLookup(Map.of("namespace", ns, "model", MODEL, "prompt", "p", "messages", List.of()), "messages");
        badLookup(Map.of("namespace", ns, "model", MODEL, "messages", List.of(Map.of("role", "system", "content", "s"))),
                "messages");
        badLookup(Map.of("namespace", ns, "model", MODEL, "prompt", "p", "threshold", 1.5), "threshold");
        badLookup(Map.of("namespace", ns, "model", MODEL, "prompt", "p", "parameters", List.of(1)), "parameters");

        Map<String, Object> e = Api.entry(ns, MODEL, "p", "r");
        e.put("inputTokens", -1);
        api.as(api.ingestKey).body(e).post("/api/v1/cache/entries").then().statusCode(400)
                .body("errors[0].field", equalTo("inputTokens"));
        e = Api.entry(ns, MODEL, "p", "r");
        e.put("ttlHours", 0);
        api.as(api.ingestKey).body(e).post("/api/v1/cache/entries").then().statusCode(400)
                .body("errors[0].field", equalTo("ttlHours"));
        e = Api.entry(ns, MODEL, "p", null);
        api.as(api.ingestKey).body(e).post("/api/v1/cache/entries").then().statusCode(400)
                .body("errors[0].field", equalTo("response"));
        api.as(api.ingestKey).body("{\"namespace\": ").post("/api/v1/cache/lookup").then().statusCode(400)
                .contentType("application/problem+json");
        api.as(api.reader).queryParam("namespace", ns).queryParam("limit", 0).get("/api/v1/cache/entries").then()
                .statusCode(400).body("errors[0].field", equalTo("limit"));
        api.as(api.admin).delete("/api/v1/cache/entries/not-a-uuid").then().statusCode(400)
                .body("errors[0].field", equalTo("id"));
    }

    @Test
    void rolesGuardEachEndpoint() {
        String ns = Api.namespace();
        given().contentType(ContentType.JSON).body(Api.query(ns, MODEL, "p")).post("/api/v1/cache/lookup").then()
                .statusCode(401);
        api.as(api.reader).body(Api.query(ns, MODEL, "p")).post("/api/v1/cache/lookup").then().statusCode(403);
        api.as(api.reader).body(Api.entry(ns, MODEL, "p", "r")).post("/api/v1/cache/entries").then().statusCode(403);
        api.as(Api.key(ingest, "team-admin", "team-a")).body(Api.query(ns, MODEL, "p")).post("/api/v1/cache/lookup")
                .then().statusCode(403);
        // every key reads its own team's (decision 0019): an ingest key lists its team's entries and ROI
        api.as(api.ingestKey).queryParam("namespace", ns).get("/api/v1/cache/entries").then().statusCode(200);
        api.as(api.ingestKey).body(Map.of()).put("/api/v1/cache/policies/" + ns).then().statusCode(403);
        api.as(api.ingestKey).get("/api/v1/finops/roi-stats").then().statusCode(200);
        api.as(api.ingestKey).body(Map.of("ownerTeam", "team-a", "allTeams", true))
                .put("/api/v1/cache/namespaces/" + ns + "/sharing").then().statusCode(403);
        api.as(api.ingestKey).post("/api/v1/cache/admin/purge").then().statusCode(403);
        api.as(api.admin).body(Api.query(ns, MODEL, "p")).post("/api/v1/cache/lookup").then().statusCode(200);
        api.as(Api.key(ingest, "service")).get("/api/v1/finops/roi-stats").then().statusCode(200);
    }

    private void badLookup(Map<String, Object> body, String field) {
        api.as(api.ingestKey).body(body).post("/api/v1/cache/lookup").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field));
    }
}

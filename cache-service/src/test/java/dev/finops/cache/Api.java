package dev.finops.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Keys of each role (known to the ingest stub) and the cache calls the tests make. */
final class Api {

    final String admin;
    final String ingestKey;
    final String reader;

    Api(WireMockServer ingest) {
        admin = key(ingest, "admin");
        ingestKey = key(ingest, "ingest");
        reader = key(ingest, "reader");
    }

    static String key(WireMockServer ingest, String role) {
        return key(ingest, role, role.equals("ingest") ? "team-a" : null);
    }

    /** A key of {@code role} bound to {@code teamId} (null: org scope). */
    static String key(WireMockServer ingest, String role, String teamId) {
        String key = role + "-" + UUID.randomUUID();
        String team = teamId != null ? ",\"teamId\":\"" + teamId + "\"" : "";
        ingest.stubFor(post(urlEqualTo("/api/v1/keys/introspect"))
                .withRequestBody(matchingJsonPath("$.key", equalTo(key)))
                .willReturn(okJson("{\"active\":true,\"keyId\":\"id-" + key + "\",\"name\":\"" + role
                        + "\",\"role\":\"" + role + "\"" + team + "}")));
        return key;
    }

    static String namespace() {
        return "ns-" + UUID.randomUUID();
    }

    RequestSpecification as(String key) {
        return given().auth().oauth2(key).contentType(ContentType.JSON);
    }

    static Map<String, Object> entry(String namespace, String model, String prompt, String response) {
        Map<String, Object> e = new HashMap<>();
        e.put("namespace", namespace);
        e.put("model", model);
        e.put("prompt", prompt);
        e.put("response", response);
        e.put("inputTokens", 1200);
        e.put("outputTokens", 300);
        return e;
    }

    static Map<String, Object> query(String namespace, String model, String prompt) {
        Map<String, Object> q = new HashMap<>();
        q.put("namespace", namespace);
        q.put("model", model);
        q.put("prompt", prompt);
        return q;
    }

    String store(Map<String, Object> entry) {
        return as(ingestKey).body(entry).post("/api/v1/cache/entries").then().statusCode(201).extract().path("id");
    }

    ValidatableResponse lookup(Map<String, Object> query) {
        return as(ingestKey).body(query).post("/api/v1/cache/lookup").then();
    }

    void policy(String namespace, Map<String, Object> policy) {
        as(admin).body(policy).put("/api/v1/cache/policies/" + namespace).then().statusCode(200);
    }
}

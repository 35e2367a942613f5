package dev.finops.gateway.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.finops.gateway.GatewayTestBase;
import dev.finops.gateway.SuiteStub;
import dev.finops.testing.IngestStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The cache is the caller's team's: the gateway asks cache-service with its service key, naming the caller's team in
 * teamId and the namespace as the caller wrote it; its own memory tier never answers one team with another's answer.
 */
@QuarkusTest
@WithTestResource(SuiteStub.class)
class CacheTeamTest extends GatewayTestBase {

    @Test
    void lookupAndStoreNameTheCallersTeamAndTheNamespaceAsSent() {
        String prompt = "opening hours " + UUID.randomUUID();
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing(prompt))
                .willReturn(okJson(chatAnswer("gpt-test", 20, 0, 5))));

        caller().header("X-FinOps-Cache-Namespace", "faq").body(chatBody("gpt-test", prompt))
                .post("/v1/chat/completions").then().statusCode(200).header("X-FinOps-Cache", "miss");

        ingest.verify(postRequestedFor(urlEqualTo("/api/v1/cache/lookup"))
                .withHeader("Authorization", equalTo("Bearer " + IngestStub.SERVICE_KEY))
                .withRequestBody(matchingJsonPath("$.teamId", equalTo(team)))
                .withRequestBody(matchingJsonPath("$.namespace", equalTo("faq")))
                .withRequestBody(matchingJsonPath("$.prompt", containing(prompt))));
        await("the answer stored in cache-service", Duration.ofSeconds(5), () -> !ingest.findAll(
                postRequestedFor(urlEqualTo("/api/v1/cache/entries")).withRequestBody(containing(prompt))
                        .withRequestBody(matchingJsonPath("$.teamId", equalTo(team)))
                        .withRequestBody(matchingJsonPath("$.namespace", equalTo("faq")))).isEmpty());
    }

    @Test
    void anotherTeamsIdenticalPromptIsNeverAnsweredFromTheMemoryTier() {
        String prompt = "refund policy " + UUID.randomUUID();
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing(prompt))
                .willReturn(okJson(chatAnswer("gpt-test", 20, 0, 5))));
        caller().header("X-FinOps-Cache-Namespace", "faq").body(chatBody("gpt-test", prompt))
                .post("/v1/chat/completions").then().statusCode(200).header("X-FinOps-Cache", "miss");
        caller().header("X-FinOps-Cache-Namespace", "faq").body(chatBody("gpt-test", prompt))
                .post("/v1/chat/completions").then().statusCode(200).header("X-FinOps-Cache", "hit");

        String otherTeam = "team-" + UUID.randomUUID().toString().substring(0, 8);
        String otherKey = "key-" + UUID.randomUUID();
        IngestStub.active(ingest, otherKey, "ingest", otherTeam);
        RestAssured.given().header("Authorization", "Bearer " + otherKey).contentType(ContentType.JSON)
                .header("X-FinOps-Cache-Namespace", "faq").body(chatBody("gpt-test", prompt))
                .post("/v1/chat/completions").then().statusCode(200).header("X-FinOps-Cache", "miss");
        assertEquals(2, upstream.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(prompt))).size(), "the other team's call went upstream");
        ingest.verify(postRequestedFor(urlEqualTo("/api/v1/cache/lookup"))
                .withRequestBody(matchingJsonPath("$.teamId", equalTo(otherTeam)))
                .withRequestBody(containing(prompt)));
    }

    @Test
    void aHitFromANamespaceSharedWithTheTeamSaysWhoseAnswerItIs() {
        String prompt = "shared question " + UUID.randomUUID();
        ingest.stubFor(post(urlEqualTo("/api/v1/cache/lookup")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.teamId", equalTo(team))).withRequestBody(containing(prompt))
                .willReturn(okJson("{\"hit\":true,\"match\":\"semantic\",\"response\":\"From research.\","
                        + "\"similarity\":0.97,\"sharedFrom\":\"research\"}")));

        String body = caller().header("X-FinOps-Cache-Namespace", "faq").body(chatBody("gpt-test", prompt))
                .post("/v1/chat/completions").then().statusCode(200).header("X-FinOps-Cache", "hit")
                .header("X-FinOps-Cache-Shared-From", "research").extract().path("choices[0].message.content");
        assertEquals("From research.", body);
        caller().header("X-FinOps-Cache-Namespace", "faq").body(chatBody("gpt-test", "not shared " + prompt.hashCode()))
                .post("/v1/chat/completions").then().header("X-FinOps-Cache-Shared-From", nullValue());
    }

    @Test
    void routingIsAskedForTheCallersTeamAndAgent() {
        String prompt = "route me " + UUID.randomUUID();
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing(prompt))
                .willReturn(okJson(chatAnswer("gpt-test", 20, 0, 5))));
        caller().header("X-FinOps-Agent", "triage-bot").body(chatBody("gpt-test", prompt))
                .post("/v1/chat/completions").then().statusCode(200);
        ingest.verify(postRequestedFor(urlEqualTo("/api/v1/routing/decide"))
                .withHeader("Authorization", equalTo("Bearer " + IngestStub.SERVICE_KEY))
                .withRequestBody(matchingJsonPath("$.teamId", equalTo(team)))
                .withRequestBody(matchingJsonPath("$.agentId", equalTo("triage-bot"))));
    }

    @Test
    void aReaderOrTeamAdminKeyCannotMakeLlmCalls() {
        for (String role : new String[] {"reader", "team-admin"}) {
            for (String keyTeam : new String[] {team, null}) {
                String k = "key-" + UUID.randomUUID();
                IngestStub.active(ingest, k, role, keyTeam);
                RestAssured.given().header("Authorization", "Bearer " + k).contentType(ContentType.JSON)
                        .body(chatBody("gpt-test", "hello")).post("/v1/chat/completions").then().statusCode(403)
                        .body("error.message", org.hamcrest.Matchers.containsString("a " + role + " key cannot"));
            }
        }
    }
}

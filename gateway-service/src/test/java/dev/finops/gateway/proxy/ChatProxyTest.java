package dev.finops.gateway.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.finops.gateway.GatewayTestBase;
import dev.finops.gateway.SuiteStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** OpenAI chat completions through the gateway, not streamed: the request path end to end against stubs. */
@QuarkusTest
@WithTestResource(SuiteStub.class)
class ChatProxyTest extends GatewayTestBase {

    @Test
    void relaysTheAnswerUnchangedWithItsCostAndReportsTheUsageUnderTheRequestId() throws Exception {
        String prompt = "capital of France " + UUID.randomUUID();
        String answer = chatAnswer("gpt-test", 2000, 1500, 100);
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing(prompt))
                .willReturn(okJson(answer).withHeader("x-request-id", "req_upstream")));

        Response r = caller().header("X-FinOps-Agent", "support-bot").header("X-FinOps-Tags", "ticket=T-1")
                .body(chatBody("gpt-test", prompt)).post("/v1/chat/completions");

        r.then().statusCode(200).header("X-FinOps-Model", "gpt-test").header("X-FinOps-Cache", "off")
                .header("x-request-id", "req_upstream").header("Server-Timing", startsWith("authenticate;dur="));
        assertEquals(answer, r.asString(), "the provider's body passes through byte for byte");
        // 500 uncached x 0.0025/1k + 1500 cached x 0.00125/1k + 100 output x 0.01/1k
        assertEquals("0.004125", r.header("X-FinOps-Cost-Usd"));
        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(prompt))
                .withHeader("Authorization", equalTo("Bearer sk-upstream-openai"))
                .withRequestBody(matchingJsonPath("$.x_unknown_field.kept", equalTo("true"))));
        String requestId = r.header("X-FinOps-Request-Id");
        String usage = usageReported(requestId, Duration.ofSeconds(10)).get(0).getBodyAsString();
        assertTrue(usage.contains("\"teamId\":\"" + team + "\""), usage);
        assertTrue(usage.contains("\"agentId\":\"support-bot\""), usage);
        assertTrue(usage.contains("\"inputTokens\":2000") && usage.contains("\"cachedInputTokens\":1500")
                && usage.contains("\"outputTokens\":100"), usage);
        assertTrue(usage.contains("\"ticket\":\"T-1\""), usage);
        ingest.verify(postRequestedFor(urlEqualTo("/api/v1/budgets/check"))
                .withRequestBody(matchingJsonPath("$.eventId", equalTo(requestId)))
                .withRequestBody(matchingJsonPath("$.teamId", equalTo(team)))
                .withRequestBody(matchingJsonPath("$.estimatedCostUsd")));
    }

    @Test
    void aRoutingRuleChangesTheModelSentUpstream() {
        String prompt = "summarise " + UUID.randomUUID();
        ingest.stubFor(post(urlEqualTo("/api/v1/routing/decide")).withRequestBody(containing("\"x_finops_route_me\""))
                .atPriority(1).willReturn(okJson("{\"model\":\"gpt-cheap\",\"rule\":\"simple-tasks\","
                        + "\"reason\":\"low complexity\"}")));
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing(prompt))
                .willReturn(okJson(chatAnswer("gpt-cheap", 10, 0, 5))));

        caller().header("X-FinOps-Task-Complexity", "low").header("X-FinOps-Attr-X-Finops-Route-Me", "yes")
                .body(chatBody("gpt-test", prompt)).post("/v1/chat/completions")
                .then().statusCode(200).header("X-FinOps-Model", "gpt-cheap");

        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(containing(prompt))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-cheap"))));
        ingest.verify(postRequestedFor(urlEqualTo("/api/v1/routing/decide"))
                .withRequestBody(matchingJsonPath("$.task_complexity", equalTo("low"))));
    }

    @Test
    void aBudgetRefusalIsTheProvidersRateLimitErrorAndNothingGoesUpstream() {
        String prompt = "expensive " + UUID.randomUUID();
        ingest.stubFor(post(urlEqualTo("/api/v1/budgets/check")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.teamId", equalTo(team)))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":429,\"detail\":\"Budget 'research monthly' is at its hard limit\"}")));

        caller().body(chatBody("gpt-test", prompt)).post("/v1/chat/completions").then().statusCode(429)
                .header("Retry-After", "3600").header("x-should-retry", "false")
                .body("error.type", is("budget_exceeded")).body("error.code", is("budget_exceeded"))
                .body("error.message", startsWith("Budget exceeded: Budget 'research monthly'"))
                .body("error.param", nullValue());

        assertTrue(upstream.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(prompt))).isEmpty(), "no byte was sent upstream");
    }

    @Test
    void fallsBackToTheNextModelOnA5xxAndReportsBothAttempts() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        putProvider("fb-" + id, "openai", upstream.baseUrl() + "/v1", "[\"gpt-flaky-" + id + "\"]",
                "{\"gpt-flaky-" + id + "\":[\"gpt-cheap\"]}");
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("gpt-flaky-" + id))
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"down\"}}")));
        String prompt = "fallback " + id;
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"model\":\"gpt-cheap\"}", true, true))
                .withRequestBody(containing(prompt)).willReturn(okJson(chatAnswer("gpt-cheap", 10, 0, 5))));

        Response r = caller().body(chatBody("gpt-flaky-" + id, prompt)).post("/v1/chat/completions");

        r.then().statusCode(200).header("X-FinOps-Model", "gpt-cheap");
        String requestId = r.header("X-FinOps-Request-Id");
        assertFalse(usageReported(requestId + ":attempt-0", Duration.ofSeconds(10)).isEmpty(),
                "the failed attempt is reported");
        assertTrue(usageReported(requestId, Duration.ofSeconds(10)).stream()
                .anyMatch(u -> u.getBodyAsString().contains("\"model\":\"gpt-cheap\"")));
    }

    @Test
    void theProvidersOwnErrorPassesThroughWithItsStatusAndBody() {
        String prompt = "bad " + UUID.randomUUID();
        String error = "{\"error\":{\"message\":\"context too long\",\"type\":\"invalid_request_error\","
                + "\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}";
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing(prompt))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(error)));

        Response r = caller().body(chatBody("gpt-test", prompt)).post("/v1/chat/completions");

        r.then().statusCode(400);
        assertEquals(error, r.asString());
    }
}

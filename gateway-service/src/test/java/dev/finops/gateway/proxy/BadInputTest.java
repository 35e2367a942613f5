package dev.finops.gateway.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.finops.gateway.GatewayTestBase;
import dev.finops.gateway.SuiteStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad input gets a 4xx in the caller's provider shape, names what to fix, and stores and sends nothing. */
@QuarkusTest
@WithTestResource(SuiteStub.class)
class BadInputTest extends GatewayTestBase {

    @Test
    void malformedJsonIsAnOpenAiInvalidRequestError() throws Exception {
        Response r = caller().body("{\"model\": \"gpt-test\", \"messages\": [").post("/v1/chat/completions");
        r.then().statusCode(400).body("error.type", equalTo("invalid_request_error")).body("error.param", equalTo("body"))
                .body("error.message", notNullValue()).body("error", org.hamcrest.Matchers.hasKey("code"));
        nothingHappened(r);
    }

    @Test
    void anUnknownModelIsNamed() throws Exception {
        Response r = caller().body(chatBody("no-such-model", "hi")).post("/v1/chat/completions");
        r.then().statusCode(400).body("error.param", equalTo("model")).body("error.code", equalTo("model_not_found"))
                .body("error.message", containsString("'no-such-model'"));
        nothingHappened(r);
    }

    @Test
    void aMissingKeyIsAnAuthenticationErrorInEachShape() {
        given().contentType(ContentType.JSON).body(chatBody("gpt-test", "hi")).post("/v1/chat/completions")
                .then().statusCode(401).body("error.code", equalTo("invalid_api_key"))
                .body("error.message", containsString("Authorization: Bearer"));
        given().contentType(ContentType.JSON).header("anthropic-version", "2023-06-01")
                .body("{\"model\":\"claude-test\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/messages").then().statusCode(401).body("type", equalTo("error"))
                .body("error.type", equalTo("authentication_error"));
    }

    @Test
    void anUnknownKeyIsRefused() {
        given().header("Authorization", "Bearer not-a-key").contentType(ContentType.JSON)
                .body(chatBody("gpt-test", "hi")).post("/v1/chat/completions").then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
    }

    @Test
    void aHugeBodyIs413() throws Exception {
        String huge = "x".repeat(5 * 1024 * 1024);
        Response r = caller().body(chatBody("gpt-test", huge)).post("/v1/chat/completions");
        r.then().statusCode(413).body("error.code", equalTo("request_too_large"));
        nothingHappened(r);
    }

    @Test
    void aWrongContentTypeIs415() throws Exception {
        Response r = given().header("Authorization", "Bearer " + key).contentType(ContentType.TEXT)
                .body(chatBody("gpt-test", "hi")).post("/v1/chat/completions");
        r.then().statusCode(415).body("error.param", equalTo("Content-Type"));
        nothingHappened(r);
    }

    @Test
    void missingMessagesAndAnthropicsMaxTokensAreNamed() {
        caller().body("{\"model\":\"gpt-test\"}").post("/v1/chat/completions").then().statusCode(400)
                .body("error.param", equalTo("messages"));
        given().header("x-api-key", key).header("anthropic-version", "2023-06-01").contentType(ContentType.JSON)
                .body("{\"model\":\"claude-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/messages").then().statusCode(400).body("type", equalTo("error"))
                .body("error.type", equalTo("invalid_request_error")).body("error.message", containsString("max_tokens"));
    }

    /** No request reached the provider and no usage event was reported for the call. */
    private void nothingHappened(Response r) throws Exception {
        assertEquals(0, upstream.findAll(anyRequestedFor(anyUrl())).size(), "nothing was sent upstream");
        String requestId = r.header("X-FinOps-Request-Id");
        assertTrue(requestId != null && usageReported(requestId, Duration.ofMillis(600)).isEmpty(),
                "nothing was reported");
    }
}

package dev.finops.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.restassured.RestAssured.given;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.finops.testing.IngestStub;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the gateway's request-path tests share: the stubbed suite services, an upstream provider stubbed with
 * WireMock at its wire format, and per test a team, its ingest key and a provider serving this test's models.
 */
public abstract class GatewayTestBase {

    protected static WireMockServer upstream;

    @IngestStub.Server
    protected WireMockServer ingest;

    protected String team;
    protected String key;
    protected String admin;
    /** A model name unique to this test, served by the test's OpenAI-type provider. */
    protected String model;

    @BeforeAll
    static void startUpstream() {
        if (upstream == null) {
            upstream = new WireMockServer(wireMockConfig().dynamicPort());
            upstream.start();
        }
    }

    @AfterAll
    static void resetUpstream() {
        upstream.resetAll();
    }

    @BeforeEach
    void teamAndProvider() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        team = "team-" + id;
        key = "key-" + id;
        admin = "admin-" + id;
        model = "gpt-test";
        IngestStub.active(ingest, key, "ingest", team);
        IngestStub.activeAdmin(ingest, admin);
        forgetOtherRunsProviders();
        putProvider("openai-" + id, "openai", upstream.baseUrl() + "/v1", "[\"gpt-test\", \"gpt-cheap\", \"gpt-" + id + "\"]",
                "{}");
    }

    /** Providers are rows in the test database: those of earlier runs point at stubs that are gone. */
    private void forgetOtherRunsProviders() {
        List<java.util.Map<String, Object>> all = given().header("Authorization", "Bearer " + admin)
                .get("/api/v1/gateway/providers").then().statusCode(200).extract().jsonPath().getList("$");
        for (java.util.Map<String, Object> p : all) {
            if (!String.valueOf(p.get("baseUrl")).startsWith(upstream.baseUrl())) {
                given().header("Authorization", "Bearer " + admin).delete("/api/v1/gateway/providers/" + p.get("name"))
                        .then().statusCode(204);
            }
        }
    }

    protected void putProvider(String name, String type, String baseUrl, String models, String fallbacks) {
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body("{\"type\":\"" + type + "\",\"baseUrl\":\"" + baseUrl + "\",\"apiKey\":\"sk-upstream-" + type
                        + "\",\"models\":" + models + ",\"fallbacks\":" + fallbacks + ",\"timeoutMs\":5000}")
                .put("/api/v1/gateway/providers/" + name).then().statusCode(200);
    }

    protected RequestSpecification caller() {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    /** The usage batches ingest received that hold this event id, waiting for the outbox to deliver. */
    protected List<LoggedRequest> usageReported(String eventId, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<LoggedRequest> found;
        do {
            found = ingest.findAll(postRequestedFor(urlEqualTo("/api/v1/usage"))
                    .withRequestBody(containing("\"" + eventId + "\"")));
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return found;
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Polls until the condition holds (background work: the publisher, a refresh), failing after {@code within}. */
    protected static void await(String what, Duration within, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() - deadline < 0, "not within " + within + ": " + what);
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    protected static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one series in a scrape; fails when the series is missing. */
    protected static double metric(String scrape, String series) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(series)
                + " ([0-9.eE+-]+|NaN)$").matcher(scrape);
        org.junit.jupiter.api.Assertions.assertTrue(m.find(), () -> "no series " + series + " in:\n" + scrape.lines()
                .filter(l -> l.startsWith("finops_gateway")).collect(java.util.stream.Collectors.joining("\n")));
        return Double.parseDouble(m.group(1));
    }

    protected static String chatBody(String model, String prompt) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}],"
                + "\"max_tokens\":100,\"x_unknown_field\":{\"kept\":true}}";
    }

    protected static String chatAnswer(String model, int prompt, int cached, int completion) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + model + "\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Paris.\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":"
                + completion + ",\"total_tokens\":" + (prompt + completion) + ",\"prompt_tokens_details\":"
                + "{\"cached_tokens\":" + cached + "}},\"system_fingerprint\":\"fp_x\"}";
    }
}

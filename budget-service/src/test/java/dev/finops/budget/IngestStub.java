package dev.finops.budget;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * ingest-service stubbed at its key introspection endpoint (the full auth suite lives in pricing-service)
 * and at its usage feed, which serves what tests append through {@link UsageFeedStub}.
 */
public class IngestStub implements QuarkusTestResourceLifecycleManager {

    private static final String INTROSPECT = "/api/v1/keys/introspect";

    /** Marks the test field that receives the running stub. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Server {
    }

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(new UsageFeedStub()));
        server.start();
        server.stubFor(WireMock.get(WireMock.urlPathEqualTo(UsageFeedStub.PATH))
                .willReturn(WireMock.aResponse().withTransformers(UsageFeedStub.NAME)));
        // A key no test has stubbed is unknown to ingest, as it would be for real.
        server.stubFor(post(urlEqualTo(INTROSPECT)).atPriority(10).willReturn(okJson("{\"active\":false}")));
        return Map.of(
                "finops.auth.ingest-url", server.baseUrl(),
                "finops.auth.service-key", "test-service-key",
                "finops.auth.cache-ttl", "2s",
                "quarkus.rest-client.ingest.url", server.baseUrl(),
                "quarkus.rest-client.pricing.url", server.baseUrl(),  // the same WireMock answers pricing's quotes
                // the database outlives test runs, the stub's feed does not: a fresh cursor per run
                "finops.budget.feed.consumer", "budget-test-" + java.util.UUID.randomUUID());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(Server.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** ingest knows the key: an active admin key without a team. */
    static void activeAdmin(WireMockServer ingest, String key) {
        activeKey(ingest, key, "admin", null);
    }

    /** ingest knows the key with this role (and team, for ingest keys). */
    static void activeKey(WireMockServer ingest, String key, String role, String teamId) {
        String team = teamId == null ? "" : ",\"teamId\":\"" + teamId + "\"";
        String answer = "{\"active\":true,\"keyId\":\"id-" + key + "\",\"name\":\"" + role + "\",\"role\":\""
                + role + "\"" + team + "}";
        ingest.stubFor(post(urlEqualTo(INTROSPECT)).withRequestBody(matchingJsonPath("$.key", equalTo(key)))
                .willReturn(okJson(answer)));
    }
}

package dev.finops.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * ingest-service stubbed at its HTTP boundary for the other services' tests: its key introspection endpoint,
 * one answer per key (matched on the request body) so each test's keys are its own, its usage feed, serving
 * what tests append through {@link UsageFeed}, and its usage intake ({@link UsageIntake}). A service whose tests
 * need more of ingest extends it.
 */
public class IngestStub implements QuarkusTestResourceLifecycleManager {

    public static final String SERVICE_KEY = "test-service-key";
    public static final Duration CACHE_TTL = Duration.ofSeconds(2);
    public static final Duration NEGATIVE_CACHE_TTL = Duration.ofSeconds(5);
    private static final String INTROSPECT = "/api/v1/keys/introspect";

    /** Marks the test field that receives the running stub. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Server {
    }

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(new UsageFeed(), new UsageIntake()));
        server.start();
        // A key no test has stubbed is unknown to ingest, as it would be for real.
        server.stubFor(post(urlEqualTo(INTROSPECT)).atPriority(10).willReturn(okJson("{\"active\":false}")));
        server.stubFor(get(urlPathEqualTo(UsageFeed.PATH)).willReturn(aResponse().withTransformers(UsageFeed.NAME)));
        // Usage reports are taken as ingest takes them; a test arms outages with stubs of a higher priority.
        server.stubFor(post(urlEqualTo(UsageIntake.PATH)).atPriority(10)
                .willReturn(aResponse().withTransformers(UsageIntake.NAME)));
        stubMore(server);
        Map<String, String> config = new HashMap<>(Map.of(
                "finops.auth.ingest-url", server.baseUrl(),
                "finops.auth.service-key", SERVICE_KEY,
                "finops.auth.cache-ttl", CACHE_TTL.toSeconds() + "s",
                "finops.auth.negative-cache-ttl", NEGATIVE_CACHE_TTL.toSeconds() + "s"));
        config.putAll(moreConfig(server.baseUrl()));
        return config;
    }

    /** Further stubs on the same server. */
    protected void stubMore(WireMockServer ingest) {
    }

    /** Further configuration pointing at the stub. */
    protected Map<String, String> moreConfig(String baseUrl) {
        return Map.of();
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

    /** ingest knows the key: it is active with this role and team (teamId may be null). */
    public static void active(WireMockServer ingest, String key, String role, String teamId) {
        String team = teamId == null ? "null" : "\"" + teamId + "\"";
        ingest.stubFor(introspectionOf(key).willReturn(okJson(String.format(
                "{\"active\":true,\"keyId\":\"id-%s\",\"name\":\"name-%s\",\"role\":\"%s\",\"teamId\":%s}",
                key, key, role, team))));
    }

    /** ingest knows the key: an active admin key without a team. */
    public static void activeAdmin(WireMockServer ingest, String key) {
        active(ingest, key, "admin", null);
    }

    /** ingest does not know the key, or it was revoked. */
    public static void inactive(WireMockServer ingest, String key) {
        ingest.stubFor(introspectionOf(key).willReturn(okJson("{\"active\":false}")));
    }

    /** ingest cannot be reached while this key is checked: the connection is reset. */
    public static void unreachable(WireMockServer ingest, String key) {
        ingest.stubFor(introspectionOf(key).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    /** ingest refuses this service's own key while this key is checked (a misconfigured service key). */
    public static void refusesServiceKey(WireMockServer ingest, String key) {
        ingest.stubFor(introspectionOf(key).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":401}")));
    }

    /** The first check of this key hits a connection reset; ingest answers the next one normally. */
    public static void resetOnceThenActive(WireMockServer ingest, String key, String role, String teamId) {
        active(ingest, key, role, teamId);
        ingest.stubFor(introspectionOf(key).atPriority(1).inScenario(key)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("reset")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    /** ingest hangs while this key is checked: it answers only after the delay. */
    public static void slow(WireMockServer ingest, String key, Duration delay) {
        ingest.stubFor(introspectionOf(key).willReturn(okJson("{\"active\":false}")
                .withFixedDelay((int) delay.toMillis())));
    }

    /** Introspection requests ingest received for this key. */
    public static RequestPatternBuilder introspectionsOf(String key) {
        return postRequestedFor(urlEqualTo(INTROSPECT)).withRequestBody(matchingJsonPath("$.key", equalTo(key)));
    }

    private static MappingBuilder introspectionOf(String key) {
        return post(urlEqualTo(INTROSPECT)).withRequestBody(matchingJsonPath("$.key", equalTo(key)));
    }
}

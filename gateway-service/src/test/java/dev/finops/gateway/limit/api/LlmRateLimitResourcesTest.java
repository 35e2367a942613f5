package dev.finops.gateway.limit.api;

import static dev.finops.testing.kubernetes.KubernetesWatchProfile.NAMESPACE;
import static dev.finops.testing.kubernetes.ResourceStatuses.await;
import static dev.finops.testing.kubernetes.ResourceStatuses.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.finops.audit.Actor;
import dev.finops.gateway.limit.app.LimitScope;
import dev.finops.gateway.limit.app.LimitService;
import dev.finops.gateway.limit.app.LimitSpec;
import dev.finops.gateway.limit.app.RateLimit;
import dev.finops.resources.LlmRateLimit;
import dev.finops.resources.ResourceCondition;
import dev.finops.testing.IngestStub;
import dev.finops.testing.kubernetes.FinopsCrds;
import dev.finops.testing.kubernetes.KubernetesWatchProfile;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.finops.gateway.SuiteStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LLMRateLimit resources, reconciled into the limits LimitService keeps, with the resource as their source.
 * Disabled on branch gw-ops only: its LimitService is a placeholder that throws; enable it when gw-store's is merged.
 */
@QuarkusTest
@TestProfile(KubernetesWatchProfile.class)
@WithKubernetesTestServer(setup = FinopsCrds.class)
@WithTestResource(SuiteStub.class)
class LlmRateLimitResourcesTest {

    private static final Actor TEST = Actor.system("test");

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    LimitService limits;

    KubernetesClient k8s;

    @BeforeEach
    void setUp() {
        k8s = server.getClient();
    }

    @Test
    void aRateLimitResourceSetsTheLimitOfItsScopeUntilItIsDeleted() {
        String name = resourceName();
        String team = "team-" + UUID.randomUUID();
        create(name, new LlmRateLimit.Spec("team", team, 600L, 400_000L));
        ResourceCondition ready = await(k8s, LlmRateLimit.class, NAMESPACE, name, ResourceCondition.READY);
        assertEquals("Reconciled", ready.reason());
        assertEquals("team:" + team, k8s.resources(LlmRateLimit.class).inNamespace(NAMESPACE).withName(name).get()
                .getStatus().objectId());
        RateLimit limit = find(LimitScope.TEAM, team).orElseThrow();
        assertEquals(600L, limit.requestsPerMinute());
        assertEquals(400_000L, limit.tokensPerMinute());
        assertEquals("LLMRateLimit " + NAMESPACE + "/" + name, limit.source());

        // the resource now limits an agent instead: the team's limit goes, the agent's comes
        String agent = "agent-" + UUID.randomUUID();
        k8s.resources(LlmRateLimit.class).inNamespace(NAMESPACE).withName(name).edit(r -> {
            r.setSpec(new LlmRateLimit.Spec("agent", agent, null, 1000L));
            return r;
        });
        eventually(() -> assertTrue(find(LimitScope.AGENT, agent).isPresent()
                && find(LimitScope.TEAM, team).isEmpty()));
        assertEquals(null, find(LimitScope.AGENT, agent).orElseThrow().requestsPerMinute());

        k8s.resources(LlmRateLimit.class).inNamespace(NAMESPACE).withName(name).delete();
        eventually(() -> assertTrue(find(LimitScope.AGENT, agent).isEmpty(),
                "deleting the resource deletes its limit"));
    }

    @Test
    void aLimitSetThroughTheApiIsLeftAlone() {
        String key = "key-" + UUID.randomUUID();
        limits.put(LimitScope.KEY, key, new LimitSpec(5L, null), "api", TEST).await().atMost(Duration.ofSeconds(10));
        String name = resourceName();
        create(name, new LlmRateLimit.Spec("key", key, 100L, null));
        assertEquals("Conflict", await(k8s, LlmRateLimit.class, NAMESPACE, name, ResourceCondition.INVALID).reason());
        assertEquals(5L, find(LimitScope.KEY, key).orElseThrow().requestsPerMinute());
        k8s.resources(LlmRateLimit.class).inNamespace(NAMESPACE).withName(name).delete();
        limits.delete(LimitScope.KEY, key, TEST).await().atMost(Duration.ofSeconds(10));
    }

    private Optional<RateLimit> find(LimitScope scope, String id) {
        return limits.list().await().atMost(Duration.ofSeconds(10)).stream()
                .filter(l -> l.scope() == scope && l.id().equals(id)).findFirst();
    }

    private static String resourceName() {
        return "llmrl-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private void create(String name, LlmRateLimit.Spec spec) {
        LlmRateLimit r = new LlmRateLimit(name, spec);
        r.getMetadata().setNamespace(NAMESPACE);
        k8s.resource(r).create();
    }
}

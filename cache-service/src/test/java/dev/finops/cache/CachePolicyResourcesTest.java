package dev.finops.cache;

import static dev.finops.testing.kubernetes.KubernetesWatchProfile.NAMESPACE;
import static dev.finops.testing.kubernetes.ResourceStatuses.await;
import static dev.finops.testing.kubernetes.ResourceStatuses.eventually;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.finops.resources.CachePolicy;
import dev.finops.resources.ResourceCondition;
import dev.finops.testing.IngestStub;
import dev.finops.testing.kubernetes.FinopsCrds;
import dev.finops.testing.kubernetes.KubernetesWatchProfile;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CachePolicy resources, reconciled into namespace policies with status written back. */
@QuarkusTest
@TestProfile(KubernetesWatchProfile.class)
@WithKubernetesTestServer(setup = FinopsCrds.class)
@WithTestResource(IngestStub.class)
@WithTestResource(PricingStub.class)
class CachePolicyResourcesTest extends CacheTestBase {

    private static final String POLICIES = "/api/v1/cache/policies/";

    @KubernetesTestServer
    KubernetesServer server;

    KubernetesClient k8s;

    @BeforeEach
    void setUp() {
        k8s = server.getClient();
    }

    @Test
    void aCachePolicyResourceSetsTheNamespacesPolicyUntilItIsDeleted() {
        String ns = Api.namespace();
        String name = resourceName();
        create(name, new CachePolicy.Spec(ns, null, new BigDecimal("0.95"), new BigDecimal("12"), 50000, null));
        ResourceCondition ready = await(k8s, CachePolicy.class, NAMESPACE, name, ResourceCondition.READY);
        assertEquals("Reconciled", ready.reason());
        CachePolicy applied = k8s.resources(CachePolicy.class).inNamespace(NAMESPACE).withName(name).get();
        assertEquals(1L, applied.getStatus().observedGeneration());
        assertEquals(ns, applied.getStatus().objectId());
        api.as(api.reader).get(POLICIES + ns).then().statusCode(200).body("similarityThreshold", equalTo(0.95f))
                .body("ttlHours", equalTo(12)).body("maxEntries", equalTo(50000)).body("enabled", equalTo(true));
        api.as(api.admin).body(Map.of("ttlHours", 1)).put(POLICIES + ns).then().statusCode(409)
                .body("detail", containsString("CachePolicy " + NAMESPACE + "/" + name));

        k8s.resources(CachePolicy.class).inNamespace(NAMESPACE).withName(name).edit(p -> {
            p.setSpec(new CachePolicy.Spec(ns, null, null, null, null, true));
            return p;
        });
        float defaultThreshold = api.as(api.reader).get(POLICIES + Api.namespace()).then().extract()
                .path("similarityThreshold");
        eventually(() -> api.as(api.reader).get(POLICIES + ns).then().body("exactOnly", equalTo(true))
                .body("similarityThreshold", equalTo(defaultThreshold)).body("maxEntries", nullValue()));

        k8s.resources(CachePolicy.class).inNamespace(NAMESPACE).withName(name).delete();
        eventually(() -> api.as(api.reader).get(POLICIES + ns).then().body("updatedAt", nullValue()));
        api.as(api.admin).body(Map.of("ttlHours", 1)).put(POLICIES + ns).then().statusCode(200);
    }

    @Test
    void aThresholdWithTooManyDecimalsIsInvalidWithThePutMessage() {
        String name = resourceName();
        create(name, new CachePolicy.Spec(Api.namespace(), null, new BigDecimal("0.93215"), null, null, null));
        ResourceCondition invalid = await(k8s, CachePolicy.class, NAMESPACE, name, ResourceCondition.INVALID);
        assertEquals("ValidationFailed", invalid.reason());
        assertEquals("similarityThreshold: a cosine similarity in (0, 1], at most 4 decimals", invalid.message());
    }

    @Test
    void aPolicySetThroughTheApiIsLeftAlone() {
        String ns = Api.namespace();
        api.as(api.admin).body(Map.of("ttlHours", 3)).put(POLICIES + ns).then().statusCode(200);
        String name = resourceName();
        create(name, new CachePolicy.Spec(ns, false, null, null, null, null));
        assertEquals("Conflict", await(k8s, CachePolicy.class, NAMESPACE, name, ResourceCondition.INVALID).reason());
        api.as(api.reader).get(POLICIES + ns).then().body("ttlHours", equalTo(3)).body("enabled", equalTo(true));
        api.as(api.admin).delete(POLICIES + ns).then().statusCode(204);
    }

    private static String resourceName() {
        return "cp-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private void create(String name, CachePolicy.Spec spec) {
        CachePolicy p = new CachePolicy(name, spec);
        p.getMetadata().setNamespace(NAMESPACE);
        k8s.resource(p).create();
    }
}

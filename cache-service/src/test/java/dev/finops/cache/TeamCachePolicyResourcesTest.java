package dev.finops.cache;

import static dev.finops.testing.kubernetes.ResourceStatuses.await;
import static dev.finops.testing.kubernetes.ResourceStatuses.eventually;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.finops.kubernetes.NamespaceTeams;
import dev.finops.resources.CachePolicy;
import dev.finops.resources.ResourceCondition;
import dev.finops.testing.IngestStub;
import dev.finops.testing.kubernetes.FinopsCrds;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A CachePolicy in a Kubernetes namespace labelled finops.dev/team=T sets team T's policy, as T's team-admin would. */
@QuarkusTest
@TestProfile(TeamCachePolicyResourcesTest.EveryNamespace.class)
@WithKubernetesTestServer(setup = FinopsCrds.class)
@WithTestResource(IngestStub.class)
@WithTestResource(PricingStub.class)
class TeamCachePolicyResourcesTest extends CacheTestBase {

    /** Watches resources in every namespace, so each test can use a team namespace of its own. */
    public static class EveryNamespace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("finops.kubernetes.watch", "true", "finops.kubernetes.namespace", "*",
                    "finops.kubernetes.orphan-check-interval", "1s", "finops.kubernetes.retry-backoff", "1s");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void aResourceInATeamsNamespaceSetsThatTeamsPolicyAndIsAudited() {
        KubernetesClient k8s = server.getClient();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String team = "research-" + run;
        String k8sNamespace = "research-apps-" + run;
        k8s.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(k8sNamespace)
                .withLabels(Map.of(NamespaceTeams.TEAM_LABEL, team)).endMetadata().build()).create();
        String cacheNamespace = Api.namespace();
        String name = "cp-" + run;
        CachePolicy resource = new CachePolicy(name, new CachePolicy.Spec(cacheNamespace, false, null, null, null, null));
        resource.getMetadata().setNamespace(k8sNamespace);
        k8s.resource(resource).create();
        assertEquals("Reconciled", await(k8s, CachePolicy.class, k8sNamespace, name, ResourceCondition.READY).reason());

        String policy = "/api/v1/cache/policies/" + cacheNamespace;
        api.as(Api.key(ingest, "reader", team)).get(policy).then().statusCode(200).body("teamId", equalTo(team))
                .body("enabled", equalTo(false));
        api.as(Api.key(ingest, "reader", "marketing-" + run)).get(policy).then().body("teamId", nullValue())
                .body("updatedAt", nullValue());
        api.as(Api.key(ingest, "ingest", team)).body(Api.entry(cacheNamespace, MODEL, "Hello?", "Hi"))
                .post("/api/v1/cache/entries").then().statusCode(200).body("stored", equalTo(false));
        String teamAdmin = Api.key(ingest, "team-admin", team);
        api.as(teamAdmin).body(Map.of("ttlHours", 1)).put(policy).then().statusCode(409)
                .body("detail", containsString("CachePolicy " + k8sNamespace + "/" + name));

        List<Map<String, Object>> trail = api.as(teamAdmin).get("/api/v1/audit?kind=cache-policy&limit=1000").then()
                .statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$").stream()
                .filter(e -> cacheNamespace.equals(e.get("target"))).toList();
        assertEquals(1, trail.size());
        assertEquals("kubernetes:" + k8sNamespace + "/" + name, trail.get(0).get("actor"));
        assertEquals(team, trail.get(0).get("teamId"));
        assertEquals("create", trail.get(0).get("action"));

        k8s.resources(CachePolicy.class).inNamespace(k8sNamespace).withName(name).delete();
        eventually(() -> api.as(Api.key(ingest, "reader", team)).get(policy).then().body("updatedAt", nullValue()));
        api.as(api.admin).get("/api/v1/audit?kind=cache-policy&actor=kubernetes:" + k8sNamespace + "/" + name).then()
                .body("action", equalTo(List.of("delete", "create")));
    }
}

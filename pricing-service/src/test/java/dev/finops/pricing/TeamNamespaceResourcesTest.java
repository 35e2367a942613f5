package dev.finops.pricing;

import static dev.finops.pricing.Api.as;
import static dev.finops.pricing.Api.unique;
import static dev.finops.testing.kubernetes.ResourceStatuses.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.kubernetes.NamespaceTeams;
import dev.finops.resources.ModelPrice;
import dev.finops.resources.ResourceCondition;
import dev.finops.resources.RoutingPolicy;
import dev.finops.testing.IngestStub;
import dev.finops.testing.kubernetes.FinopsCrds;
import dev.finops.testing.kubernetes.KubernetesWatchProfile;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A RoutingPolicy in a team's namespace may only be that team's policy; its changes are audited as the resource. */
@QuarkusTest
@TestProfile(TeamNamespaceResourcesTest.EveryNamespace.class)
@WithKubernetesTestServer(setup = FinopsCrds.class)
@WithTestResource(IngestStub.class)
class TeamNamespaceResourcesTest {

    /** Watches every namespace, so a team's own namespaces are reconciled too. */
    public static class EveryNamespace extends KubernetesWatchProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("finops.kubernetes.namespace", "*");
            return config;
        }
    }

    @IngestStub.Server
    WireMockServer ingest;

    @KubernetesTestServer
    KubernetesServer server;

    KubernetesClient k8s;
    String admin;
    String team;
    String namespace;

    @BeforeEach
    void setUp() {
        k8s = server.getClient();
        admin = Api.key(ingest, "admin");
        team = unique("team");
        namespace = unique("ns");
        k8s.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels(NamespaceTeams.TEAM_LABEL, team).endMetadata().build()).create();
    }

    @Test
    void aTeamNamespaceMayHoldItsTeamsPolicyAndNothingElse() {
        String own = unique("own");
        create(own, new RoutingPolicy.Spec("team", team, "gpt-4o", List.of(), null, true));
        await(k8s, RoutingPolicy.class, namespace, own, ResourceCondition.READY);
        as(admin).get("/api/v1/routing/policies/team/" + team).then().statusCode(200)
                .body("defaultModel", equalTo("gpt-4o")).body("allowUpgrade", equalTo(true));
        as(admin).queryParam("kind", "policy").get("/api/v1/audit").then().statusCode(200)
                .body("find { it.target == 'team/" + team + "' }.actor", equalTo("kubernetes:" + namespace + "/" + own))
                .body("find { it.target == 'team/" + team + "' }.teamId", equalTo(team))
                .body("find { it.target == 'team/" + team + "' }.after.defaultModel", equalTo("gpt-4o"));

        String global = unique("global");
        create(global, new RoutingPolicy.Spec("global", null, "gpt-4o-mini", List.of(), null));
        ResourceCondition invalid = await(k8s, RoutingPolicy.class, namespace, global, ResourceCondition.INVALID);
        assertTrue(invalid.message().contains("may only be that team's policy"), invalid.message());
        String other = unique("other");
        create(other, new RoutingPolicy.Spec("team", unique("team"), "gpt-4o-mini", List.of(), null));
        await(k8s, RoutingPolicy.class, namespace, other, ResourceCondition.INVALID);
        String agent = unique("agent");
        String agentPolicy = unique("agent");
        create(agentPolicy, new RoutingPolicy.Spec("agent", agent, "gpt-4o-mini", List.of(), null));
        await(k8s, RoutingPolicy.class, namespace, agentPolicy, ResourceCondition.INVALID);
        as(admin).get("/api/v1/routing/policies/agent/" + agent).then().statusCode(404);
    }

    @Test
    void aModelPriceInATeamNamespaceIsInvalid() {
        String name = unique("price");
        String model = unique("model");
        ModelPrice price = new ModelPrice(name, new ModelPrice.Spec(model, "openai", new BigDecimal("0.001"),
                new BigDecimal("0.002"), null, null, null, null, null));
        price.getMetadata().setNamespace(namespace);
        k8s.resource(price).create();
        ResourceCondition invalid = await(k8s, ModelPrice.class, namespace, name, ResourceCondition.INVALID);
        assertTrue(invalid.message().contains("org-wide price"), invalid.message());
        as(admin).get("/api/v1/finops/valuation-rates/" + model).then().statusCode(404);
    }

    private void create(String name, RoutingPolicy.Spec spec) {
        RoutingPolicy resource = new RoutingPolicy(name, spec);
        resource.getMetadata().setNamespace(namespace);
        k8s.resource(resource).create();
    }
}

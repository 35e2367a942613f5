package dev.finops.anomaly;

import static dev.finops.anomaly.Api.as;
import static dev.finops.anomaly.Api.decimal;
import static dev.finops.anomaly.Api.unique;
import static dev.finops.testing.kubernetes.ResourceStatuses.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.anomaly.UsageFeedStub.Usage;
import dev.finops.anomaly.service.AnomalyFeedConsumer;
import dev.finops.kubernetes.NamespaceTeams;
import dev.finops.resources.AgentBaseline;
import dev.finops.resources.AnomalyPolicy;
import dev.finops.resources.ResourceCondition;
import dev.finops.testing.kubernetes.FinopsCrds;
import dev.finops.testing.kubernetes.KubernetesWatchProfile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Baseline and policy resources in a team's namespace act as that team's team-admin, and are audited as resources. */
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

    @Inject
    AnomalyFeedConsumer consumer;
    @Inject
    TestClock clock;

    KubernetesClient k8s;
    String admin;
    String team;
    String namespace;

    @BeforeEach
    void setUp() {
        k8s = server.getClient();
        admin = Api.key(ingest, "admin", null);
        team = unique("team");
        namespace = unique("ns");
        k8s.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels(NamespaceTeams.TEAM_LABEL, team).endMetadata().build()).create();
    }

    @Test
    void aTeamNamespaceSetsItsOwnAgentsBaselinesAndNotAnotherTeams() {
        String mine = unique("agent");
        String theirs = unique("agent");
        UsageFeedStub.append(Usage.call(team, mine, null, clock.era(), "0.01", 10, 10));
        UsageFeedStub.append(Usage.call(unique("team"), theirs, null, clock.era(), "0.01", 10, 10));
        Api.drainAll(consumer);

        String own = unique("baseline");
        create(new AgentBaseline(own, new AgentBaseline.Spec(mine, new BigDecimal("0.40"))));
        await(k8s, AgentBaseline.class, namespace, own, ResourceCondition.READY);
        as(admin).get("/api/v1/finops/baselines").then().statusCode(200)
                .body("find { it.agentId == '" + mine + "' }.teamId", equalTo(team))
                .body("find { it.agentId == '" + mine + "' }.baselineUsdPerHour", decimal("0.40"));
        as(admin).queryParam("kind", "baseline").get("/api/v1/audit").then().statusCode(200)
                .body("find { it.target == '" + mine + "' }.actor", equalTo("kubernetes:" + namespace + "/" + own))
                .body("find { it.target == '" + mine + "' }.after.baselineUsdPerHour", decimal("0.40"));

        String other = unique("baseline");
        create(new AgentBaseline(other, new AgentBaseline.Spec(theirs, new BigDecimal("0.40"))));
        ResourceCondition invalid = await(k8s, AgentBaseline.class, namespace, other, ResourceCondition.INVALID);
        assertTrue(invalid.message().contains("in team '" + team + "'"), invalid.message());

        String policy = unique("policy");
        create(new AnomalyPolicy(policy, new AnomalyPolicy.Spec(mine, new BigDecimal("4"))));
        await(k8s, AnomalyPolicy.class, namespace, policy, ResourceCondition.READY);
        as(Api.key(ingest, "reader", team)).get("/api/v1/finops/anomaly-policies/" + mine).then().statusCode(200)
                .body("teamId", equalTo(team)).body("managedBy", equalTo("AnomalyPolicy " + namespace + "/" + policy));
    }

    private void create(HasMetadata resource) {
        resource.getMetadata().setNamespace(namespace);
        k8s.resource(resource).create();
    }
}

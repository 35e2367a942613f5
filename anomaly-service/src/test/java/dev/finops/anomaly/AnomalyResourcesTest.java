package dev.finops.anomaly;

import static dev.finops.anomaly.Api.as;
import static dev.finops.anomaly.Api.decimal;
import static dev.finops.anomaly.Api.unique;
import static dev.finops.testing.kubernetes.KubernetesWatchProfile.NAMESPACE;
import static dev.finops.testing.kubernetes.ResourceStatuses.await;
import static dev.finops.testing.kubernetes.ResourceStatuses.eventually;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.resources.AgentBaseline;
import dev.finops.resources.AnomalyPolicy;
import dev.finops.resources.ResourceCondition;
import dev.finops.testing.kubernetes.FinopsCrds;
import dev.finops.testing.kubernetes.KubernetesWatchProfile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AgentBaseline and AnomalyPolicy resources, reconciled into manual baselines and per-agent multipliers. */
@QuarkusTest
@TestProfile(KubernetesWatchProfile.class)
@WithKubernetesTestServer(setup = FinopsCrds.class)
@WithTestResource(IngestStub.class)
class AnomalyResourcesTest {

    private static final String BASELINES = "/api/v1/finops/baselines/";
    private static final String POLICIES = "/api/v1/finops/anomaly-policies/";

    @IngestStub.Server
    WireMockServer ingest;

    @KubernetesTestServer
    KubernetesServer server;

    KubernetesClient k8s;
    String admin;

    @BeforeEach
    void setUp() {
        k8s = server.getClient();
        admin = Api.key(ingest, "admin", null);
    }

    @Test
    void anAgentBaselineResourceSetsTheManualBaselineUntilItIsDeleted() {
        String agent = unique("agent");
        String name = unique("baseline");
        create(new AgentBaseline(name, new AgentBaseline.Spec(agent, new BigDecimal("0.50"))));
        ResourceCondition ready = await(k8s, AgentBaseline.class, NAMESPACE, name, ResourceCondition.READY);
        assertEquals("Reconciled", ready.reason());
        assertEquals(agent, k8s.resources(AgentBaseline.class).inNamespace(NAMESPACE).withName(name).get()
                .getStatus().objectId());
        as(admin).get("/api/v1/finops/baselines").then().statusCode(200)
                .body("find { it.agentId == '" + agent + "' }.baselineUsdPerHour", decimal("0.50"))
                .body("find { it.agentId == '" + agent + "' }.source", equalTo("manual"));
        as(admin).body("{\"baselineUsdPerHour\": 9}").put(BASELINES + agent).then().statusCode(409)
                .body("detail", containsString("AgentBaseline " + NAMESPACE + "/" + name));

        k8s.resources(AgentBaseline.class).inNamespace(NAMESPACE).withName(name)
                .edit(b -> { b.setSpec(new AgentBaseline.Spec(agent, new BigDecimal("0.75"))); return b; });
        eventually(() -> as(admin).get("/api/v1/finops/baselines").then()
                .body("find { it.agentId == '" + agent + "' }.baselineUsdPerHour", decimal("0.75")));

        k8s.resources(AgentBaseline.class).inNamespace(NAMESPACE).withName(name).delete();
        eventually(() -> as(admin).get("/api/v1/finops/baselines").then()
                .body("find { it.agentId == '" + agent + "' }", org.hamcrest.Matchers.nullValue()));
    }

    @Test
    void aZeroBaselineIsInvalidWithThePutMessage() {
        String name = unique("zero");
        create(new AgentBaseline(name, new AgentBaseline.Spec(unique("agent"), BigDecimal.ZERO)));
        ResourceCondition invalid = await(k8s, AgentBaseline.class, NAMESPACE, name, ResourceCondition.INVALID);
        assertEquals("ValidationFailed", invalid.reason());
        assertEquals("baselineUsdPerHour: must be greater than 0", invalid.message());
    }

    @Test
    void aManualBaselineSetThroughTheApiIsLeftAlone() {
        String agent = unique("agent");
        as(admin).body("{\"baselineUsdPerHour\": 1.25}").put(BASELINES + agent).then().statusCode(200);
        String name = unique("claim");
        create(new AgentBaseline(name, new AgentBaseline.Spec(agent, BigDecimal.TEN)));
        assertEquals("Conflict", await(k8s, AgentBaseline.class, NAMESPACE, name, ResourceCondition.INVALID).reason());
        as(admin).get("/api/v1/finops/baselines").then()
                .body("find { it.agentId == '" + agent + "' }.baselineUsdPerHour", decimal("1.25"));
        as(admin).delete(BASELINES + agent).then().statusCode(204);
    }

    @Test
    void anAnomalyPolicyResourceSetsTheAgentsMultiplierUntilItIsDeleted() {
        String agent = unique("batch");
        String name = unique("policy");
        create(new AnomalyPolicy(name, new AnomalyPolicy.Spec(agent, new BigDecimal("6"))));
        await(k8s, AnomalyPolicy.class, NAMESPACE, name, ResourceCondition.READY);
        as(admin).get(POLICIES + agent).then().statusCode(200).body("multiplier", decimal("6"))
                .body("managedBy", equalTo("AnomalyPolicy " + NAMESPACE + "/" + name));
        as(admin).delete(POLICIES + agent).then().statusCode(409);

        k8s.resources(AnomalyPolicy.class).inNamespace(NAMESPACE).withName(name)
                .edit(p -> { p.setSpec(new AnomalyPolicy.Spec(agent, new BigDecimal("8"))); return p; });
        eventually(() -> as(admin).get(POLICIES + agent).then().body("multiplier", decimal("8")));

        k8s.resources(AnomalyPolicy.class).inNamespace(NAMESPACE).withName(name).delete();
        eventually(() -> as(admin).get(POLICIES + agent).then().statusCode(404));
    }

    @Test
    void aMultiplierBelowOneIsInvalid() {
        String name = unique("low");
        create(new AnomalyPolicy(name, new AnomalyPolicy.Spec(unique("agent"), new BigDecimal("0.5"))));
        assertEquals("multiplier: must be at least 1 (a session at its baseline is not anomalous)",
                await(k8s, AnomalyPolicy.class, NAMESPACE, name, ResourceCondition.INVALID).message());
    }

    private void create(HasMetadata resource) {
        resource.getMetadata().setNamespace(NAMESPACE);
        k8s.resource(resource).create();
    }
}

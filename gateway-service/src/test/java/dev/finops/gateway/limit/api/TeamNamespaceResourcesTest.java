package dev.finops.gateway.limit.api;

import static dev.finops.testing.kubernetes.ResourceStatuses.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.finops.gateway.SuiteStub;
import dev.finops.gateway.limit.app.LimitScope;
import dev.finops.gateway.limit.app.LimitService;
import dev.finops.kubernetes.NamespaceTeams;
import dev.finops.resources.LlmRateLimit;
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
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rate limits are the org's: an LLMRateLimit in a namespace labelled finops.dev/team is Invalid and sets nothing;
 * one in an unlabelled namespace is applied and audited as the resource.
 */
@QuarkusTest
@TestProfile(TeamNamespaceResourcesTest.EveryNamespace.class)
@WithKubernetesTestServer(setup = FinopsCrds.class)
@WithTestResource(SuiteStub.class)
class TeamNamespaceResourcesTest {

    /** Watches resources in every namespace, so the test can use namespaces of its own. */
    public static class EveryNamespace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("finops.kubernetes.watch", "true", "finops.kubernetes.namespace", "*",
                    "finops.kubernetes.orphan-check-interval", "1s", "finops.kubernetes.retry-backoff", "1s");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @IngestStub.Server
    com.github.tomakehurst.wiremock.WireMockServer ingest;

    @Inject
    LimitService limits;

    @Test
    void aRateLimitInATeamsNamespaceIsInvalidAndOneInTheOrgsIsAppliedAndAudited() {
        KubernetesClient k8s = server.getClient();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String team = "research-" + run;
        String teamNamespace = "research-apps-" + run;
        String orgNamespace = "platform-" + run;
        k8s.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(teamNamespace)
                .withLabels(Map.of(NamespaceTeams.TEAM_LABEL, team)).endMetadata().build()).create();
        k8s.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(orgNamespace).endMetadata()
                .build()).create();

        create(k8s, teamNamespace, "raise-" + run, new LlmRateLimit.Spec("team", team, 100_000L, null));
        ResourceCondition invalid = await(k8s, LlmRateLimit.class, teamNamespace, "raise-" + run,
                ResourceCondition.INVALID);
        assertEquals("ValidationFailed", invalid.reason());
        assertTrue(invalid.message().contains("team '" + team + "'"), invalid.message());
        assertTrue(limits.list().await().atMost(Duration.ofSeconds(10)).stream()
                .noneMatch(l -> l.scope() == LimitScope.TEAM && l.id().equals(team)), "nothing was set");

        create(k8s, orgNamespace, "cap-" + run, new LlmRateLimit.Spec("team", team, 60L, null));
        assertEquals("Reconciled", await(k8s, LlmRateLimit.class, orgNamespace, "cap-" + run,
                ResourceCondition.READY).reason());
        String admin = "admin-" + run;
        IngestStub.activeAdmin(ingest, admin);
        given().header("Authorization", "Bearer " + admin)
                .get("/api/v1/audit?kind=rate-limit&actor=kubernetes:" + orgNamespace + "/cap-" + run).then()
                .statusCode(200).body("action", equalTo(List.of("create"))).body("[0].teamId", equalTo(team))
                .body("[0].target", equalTo("team/" + team)).body("[0].after.requestsPerMinute", equalTo(60));
    }

    private static void create(KubernetesClient k8s, String namespace, String name, LlmRateLimit.Spec spec) {
        LlmRateLimit r = new LlmRateLimit(name, spec);
        r.getMetadata().setNamespace(namespace);
        k8s.resource(r).create();
    }
}

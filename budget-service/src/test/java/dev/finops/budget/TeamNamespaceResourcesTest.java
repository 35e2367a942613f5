package dev.finops.budget;

import static dev.finops.budget.Api.as;
import static dev.finops.budget.Api.unique;
import static dev.finops.testing.kubernetes.ResourceStatuses.await;
import static dev.finops.testing.kubernetes.ResourceStatuses.eventually;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.kubernetes.NamespaceTeams;
import dev.finops.resources.AlertChannel;
import dev.finops.resources.Budget;
import dev.finops.resources.ResourceCondition;
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
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Budget and AlertChannel resources in a namespace labelled finops.dev/team=T are team T's, applied exactly as T's
 * team-admin would apply them through the REST API.
 */
@QuarkusTest
@TestProfile(TeamNamespaceResourcesTest.EveryNamespace.class)
@WithKubernetesTestServer(setup = FinopsCrds.class)
@WithTestResource(IngestStub.class)
class TeamNamespaceResourcesTest {

    /** Watches every namespace, so the test can make namespaces of its own teams. */
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
    void aTeamsNamespace() {
        k8s = server.getClient();
        admin = Api.key(ingest, "admin", null);
        team = unique("research");
        namespace = unique("ns");
        k8s.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .withLabels(Map.of(NamespaceTeams.TEAM_LABEL, team)).endMetadata().build()).create();
    }

    @Test
    void aBudgetInATeamsNamespaceIsTheTeams() {
        String name = unique("monthly");
        create(name, new Budget.Spec(null, new Budget.Scope(null, null, null, null, "prod", null), "monthly", null,
                new BigDecimal("300"), null, null, null, null));
        await(k8s, Budget.class, namespace, name, ResourceCondition.READY);
        String id = k8s.resources(Budget.class).inNamespace(namespace).withName(name).get().getStatus().objectId();
        as(admin).get("/api/v1/budgets/" + id).then().statusCode(200)
                .body("scope.team", equalTo(team)).body("scope.environment", equalTo("prod"));
        // the team's keys see it, other teams' do not
        as(Api.key(ingest, "reader", team)).get("/api/v1/budgets/" + id).then().statusCode(200);
        as(Api.key(ingest, "reader", unique("other"))).get("/api/v1/budgets/" + id).then().statusCode(404);
        // the trail names the resource
        as(admin).get("/api/v1/audit?kind=budget&actor=kubernetes:" + namespace + "/" + name).then().statusCode(200)
                .body("find { it.target == '" + id + "' }.action", equalTo("create"))
                .body("find { it.target == '" + id + "' }.teamId", equalTo(team))
                .body("find { it.target == '" + id + "' }.after.scope.team", equalTo(team));

        k8s.resources(Budget.class).inNamespace(namespace).withName(name).delete();
        eventually(() -> as(admin).get("/api/v1/budgets/" + id).then().statusCode(404));
        eventually(() -> as(admin).get("/api/v1/audit?kind=budget&actor=kubernetes:" + namespace + "/" + name).then()
                .body("find { it.target == '" + id + "' && it.action == 'delete' }.before.amountUsd", equalTo(300)));
    }

    @Test
    void aBudgetInATeamsNamespaceNamingAnotherTeamIsInvalid() {
        String name = unique("elsewhere");
        String other = unique("marketing");
        create(name, new Budget.Spec(null, new Budget.Scope(other, null, null, null, null, null), "monthly", null,
                BigDecimal.TEN, null, null, null, null));
        ResourceCondition invalid = await(k8s, Budget.class, namespace, name, ResourceCondition.INVALID);
        assertEquals("scope.team: this key is bound to team '" + team + "' and cannot act for team '" + other
                + "'; leave scope.team out or use a key of that team", invalid.message());
        as(admin).get("/api/v1/budgets?teamId=" + other).then().statusCode(200).body("name", not(hasItem(name)));

        String orgWide = unique("org-wide");
        Budget b = new Budget(orgWide, new Budget.Spec(null, null, "monthly", null, BigDecimal.TEN, null, null, null,
                null));
        b.getMetadata().setNamespace(namespace);
        k8s.resource(b).create();
        // no scope at all: the namespace's team is filled in
        await(k8s, Budget.class, namespace, orgWide, ResourceCondition.READY);
        String id = k8s.resources(Budget.class).inNamespace(namespace).withName(orgWide).get().getStatus().objectId();
        as(admin).get("/api/v1/budgets/" + id).then().body("scope.team", equalTo(team));
    }

    @Test
    void anAlertChannelInATeamsNamespaceIsTheTeams() {
        String name = unique("team-hook");
        AlertChannel channel = new AlertChannel(name, new AlertChannel.Spec(null, "alertmanager",
                "https://alertmanager.example.com/", null, null, null, null, null, null));
        channel.getMetadata().setNamespace(namespace);
        k8s.resource(channel).create();
        await(k8s, AlertChannel.class, namespace, name, ResourceCondition.READY);
        String id = k8s.resources(AlertChannel.class).inNamespace(namespace).withName(name).get().getStatus().objectId();
        as(admin).get("/api/v1/alert-channels/" + id).then().statusCode(200).body("teamId", equalTo(team))
                .body("scopes", nullValue());
        as(Api.key(ingest, "team-admin", team)).get("/api/v1/alert-channels").then().body("id", hasItem(id));
        as(Api.key(ingest, "team-admin", unique("other"))).get("/api/v1/alert-channels/" + id).then().statusCode(404);
        as(admin).get("/api/v1/audit?kind=channel&actor=kubernetes:" + namespace + "/" + name).then().statusCode(200)
                .body("find { it.target == '" + id + "' }.teamId", equalTo(team));
        k8s.resource(channel).delete();
        eventually(() -> as(admin).get("/api/v1/alert-channels/" + id).then().statusCode(404));
    }

    private void create(String name, Budget.Spec spec) {
        Budget b = new Budget(name, spec);
        b.getMetadata().setNamespace(namespace);
        k8s.resource(b).create();
    }
}

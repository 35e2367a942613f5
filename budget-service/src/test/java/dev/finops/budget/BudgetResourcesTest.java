package dev.finops.budget;

import static dev.finops.budget.Api.as;
import static dev.finops.budget.Api.unique;
import static dev.finops.testing.kubernetes.KubernetesWatchProfile.NAMESPACE;
import static dev.finops.testing.kubernetes.ResourceStatuses.await;
import static dev.finops.testing.kubernetes.ResourceStatuses.eventually;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.budget.rest.BudgetRequest;
import dev.finops.budget.service.BudgetService;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.resources.AlertChannel;
import dev.finops.resources.Budget;
import dev.finops.resources.ResourceCondition;
import dev.finops.resources.SecretKeyRef;
import dev.finops.testing.kubernetes.FinopsCrds;
import dev.finops.testing.kubernetes.KubernetesWatchProfile;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Budget and AlertChannel resources, reconciled into budgets and channels with status written back. */
@QuarkusTest
@TestProfile(KubernetesWatchProfile.class)
@WithKubernetesTestServer(setup = FinopsCrds.class)
@WithTestResource(IngestStub.class)
class BudgetResourcesTest {

    @IngestStub.Server
    WireMockServer ingest;

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    BudgetService budgets;

    KubernetesClient k8s;
    String admin;

    @BeforeEach
    void setUp() {
        k8s = server.getClient();
        admin = Api.key(ingest, "admin", null);
    }

    @Test
    void aBudgetResourceBecomesABudgetThatFollowsItAndGoesWithIt() {
        String name = unique("search-monthly");
        Budget resource = create(name, new Budget.Spec(null, new Budget.Scope("search", null, null, null, null, null),
                "monthly", null, new BigDecimal("500.25"), null, new BigDecimal("100"), null, null));

        ResourceCondition ready = await(k8s, Budget.class, NAMESPACE, name, ResourceCondition.READY);
        assertEquals("Reconciled", ready.reason());
        Budget applied = k8s.resources(Budget.class).inNamespace(NAMESPACE).withName(name).get();
        assertNotNull(applied.getStatus().observedGeneration());
        assertEquals(applied.getMetadata().getGeneration(), applied.getStatus().observedGeneration());
        String id = applied.getStatus().objectId();
        as(admin).get("/api/v1/budgets/" + id).then().statusCode(200)
                .body("name", equalTo(name)).body("scope.team", equalTo("search"))
                .body("amountUsd", equalTo(new BigDecimal("500.25"))).body("hardLimitPercent", equalTo(100))
                .body("alertAtPercent", Api.decimals("80", "95"));

        // The resource is the source of truth: the REST API refuses to change or delete the budget.
        as(admin).body("{\"name\":\"x\",\"period\":\"daily\",\"amountUsd\":1}").put("/api/v1/budgets/" + id).then()
                .statusCode(409).body("detail", containsString("Budget " + NAMESPACE + "/" + name));
        as(admin).delete("/api/v1/budgets/" + id).then().statusCode(409);

        k8s.resources(Budget.class).inNamespace(NAMESPACE).withName(name).edit(b -> {
            b.setSpec(new Budget.Spec(null, b.getSpec().scope(), "weekly", null, new BigDecimal("120"), null, null,
                    null, null));
            return b;
        });
        eventually(() -> as(admin).get("/api/v1/budgets/" + id).then().statusCode(200)
                .body("period", equalTo("weekly")).body("amountUsd", equalTo(120)));
        eventually(() -> {
            Budget b = k8s.resources(Budget.class).inNamespace(NAMESPACE).withName(name).get();
            assertEquals(2L, b.getStatus().observedGeneration());
        });

        k8s.resource(resource).delete();
        eventually(() -> as(admin).get("/api/v1/budgets/" + id).then().statusCode(404));
    }

    @Test
    void anInvalidBudgetGetsTheRestApisReason() {
        String name = unique("bad-zone");
        create(name, new Budget.Spec(null, null, "monthly", "Mars/Olympus_Mons", BigDecimal.TEN, null, null, null, null));
        ResourceCondition invalid = await(k8s, Budget.class, NAMESPACE, name, ResourceCondition.INVALID);
        assertEquals("ValidationFailed", invalid.reason());
        assertEquals("timezone: must be an IANA time zone such as Europe/Berlin or UTC", invalid.message());
        as(admin).get("/api/v1/budgets").then().body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(name)));
    }

    @Test
    void aBudgetCreatedThroughTheApiIsLeftAlone() {
        String name = unique("api-made");
        String id = Api.budget(admin, "{\"name\":\"" + name + "\",\"period\":\"daily\",\"amountUsd\":7}");
        create(unique("claims-it"), new Budget.Spec(name, null, "monthly", null, new BigDecimal("999"), null, null,
                null, null));
        ResourceCondition invalid = await(k8s, Budget.class, NAMESPACE,
                k8s.resources(Budget.class).inNamespace(NAMESPACE).list().getItems().stream()
                        .filter(b -> name.equals(b.getSpec().name())).findFirst().orElseThrow().getMetadata().getName(),
                ResourceCondition.INVALID);
        assertEquals("Conflict", invalid.reason());
        assertEquals("Budget '" + name + "' exists already and was created through the REST API; delete it there first"
                + " or choose another one.", invalid.message());
        as(admin).get("/api/v1/budgets/" + id).then().statusCode(200).body("period", equalTo("daily"))
                .body("amountUsd", equalTo(7));
        as(admin).delete("/api/v1/budgets/" + id).then().statusCode(204);
    }

    @Test
    void aBudgetWhoseResourceIsGoneIsRemoved() {
        // What a restart finds when a resource was deleted while the service was down.
        String name = unique("vanished");
        String id = budgets.apply(new BudgetRequest(name, null, "daily", null, BigDecimal.ONE, null, null, null, null),
                new ResourceOwner("Budget", NAMESPACE, name), dev.finops.http.auth.TeamScope.org()).await().indefinitely().id().toString();
        eventually(() -> as(admin).get("/api/v1/budgets/" + id).then().statusCode(404));
    }

    @Test
    void anAlertChannelResourceReadsItsSecretsFromSecrets() {
        String secret = unique("hook-secret");
        k8s.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(secret)
                .endMetadata().addToStringData("signing", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").build()).create();
        String name = unique("oncall");
        AlertChannel channel = new AlertChannel(name, new AlertChannel.Spec(null, "webhook",
                "https://hooks.example.com/finops", null, new SecretKeyRef(secret, "signing"), null, "warning", null, null));
        channel.getMetadata().setNamespace(NAMESPACE);
        k8s.resource(channel).create();

        await(k8s, AlertChannel.class, NAMESPACE, name, ResourceCondition.READY);
        String id = k8s.resources(AlertChannel.class).inNamespace(NAMESPACE).withName(name).get().getStatus().objectId();
        as(admin).get("/api/v1/alert-channels/" + id).then().statusCode(200).body("name", equalTo(name))
                .body("type", equalTo("webhook")).body("hasSecret", equalTo(true)).body("minSeverity", equalTo("warning"));
        as(admin).delete("/api/v1/alert-channels/" + id).then().statusCode(409)
                .body("detail", containsString("AlertChannel " + NAMESPACE + "/" + name));

        // A change of the resource changes the channel, which keeps its id.
        k8s.resources(AlertChannel.class).inNamespace(NAMESPACE).withName(name).edit(c -> {
            c.setSpec(new AlertChannel.Spec(null, "webhook", "https://hooks.example.com/finops", null,
                    new SecretKeyRef(secret, "signing"), null, "critical", null, null));
            return c;
        });
        eventually(() -> as(admin).get("/api/v1/alert-channels/" + id).then().body("minSeverity", equalTo("critical")));

        k8s.resource(channel).delete();
        eventually(() -> as(admin).get("/api/v1/alert-channels/" + id).then().statusCode(404));
    }

    @Test
    void anAlertChannelWithoutItsSecretIsInvalid() {
        String name = unique("pager");
        AlertChannel channel = new AlertChannel(name, new AlertChannel.Spec(null, "pagerduty", null, null,
                new SecretKeyRef("no-such-secret", "routing-key"), null, null, List.of("budget_threshold"), null));
        channel.getMetadata().setNamespace(NAMESPACE);
        k8s.resource(channel).create();
        ResourceCondition invalid = await(k8s, AlertChannel.class, NAMESPACE, name, ResourceCondition.INVALID);
        assertEquals("secretRef: Secret 'no-such-secret' does not exist in namespace " + NAMESPACE, invalid.message());
        assertNotNull(invalid.lastTransitionTime());
    }

    private Budget create(String name, Budget.Spec spec) {
        Budget b = new Budget(name, spec);
        b.getMetadata().setNamespace(NAMESPACE);
        return k8s.resource(b).create();
    }
}

package dev.finops.pricing;

import static dev.finops.pricing.Api.as;
import static dev.finops.pricing.Api.unique;
import static dev.finops.testing.kubernetes.KubernetesWatchProfile.NAMESPACE;
import static dev.finops.testing.kubernetes.ResourceStatuses.await;
import static dev.finops.testing.kubernetes.ResourceStatuses.eventually;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.resources.ModelPrice;
import dev.finops.resources.ResourceCondition;
import dev.finops.resources.RoutingPolicy;
import dev.finops.testing.IngestStub;
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
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ModelPrice and RoutingPolicy resources, reconciled into rate versions and routing policies. */
@QuarkusTest
@TestProfile(KubernetesWatchProfile.class)
@WithKubernetesTestServer(setup = FinopsCrds.class)
@WithTestResource(IngestStub.class)
class PricingResourcesTest {

    @IngestStub.Server
    WireMockServer ingest;

    @KubernetesTestServer
    KubernetesServer server;

    KubernetesClient k8s;
    String admin;

    @BeforeEach
    void setUp() {
        k8s = server.getClient();
        admin = Api.key(ingest, "admin");
    }

    @Test
    void aModelPriceBecomesTheModelsRateAndOnlyTheResourceChangesIt() {
        String model = unique("ft-model");
        String name = unique("price");
        create(new ModelPrice(name, price(model, "0.0003", "0.0012")));
        ResourceCondition ready = await(k8s, ModelPrice.class, NAMESPACE, name, ResourceCondition.READY);
        assertEquals("Reconciled", ready.reason());
        ModelPrice applied = k8s.resources(ModelPrice.class).inNamespace(NAMESPACE).withName(name).get();
        assertEquals(1L, applied.getStatus().observedGeneration());
        long version = Long.parseLong(applied.getStatus().objectId());
        as(admin).get("/api/v1/finops/valuation-rates/" + model).then().statusCode(200)
                .body("version", equalTo((int) version)).body("source", equalTo("resource"))
                .body("inputRatePerKTokens", comparesEqualTo(new BigDecimal("0.0003")))
                .body("outputRatePerKTokens", comparesEqualTo(new BigDecimal("0.0012")));
        Api.putRate(admin, Api.rate(model, "1", "2", null)).statusCode(409)
                .body("detail", containsString("ModelPrice " + NAMESPACE + "/" + name));

        k8s.resources(ModelPrice.class).inNamespace(NAMESPACE).withName(name)
                .edit(p -> { p.setSpec(price(model, "0.0005", "0.0012")); return p; });
        eventually(() -> as(admin).get("/api/v1/finops/valuation-rates/" + model).then().statusCode(200)
                .body("inputRatePerKTokens", comparesEqualTo(new BigDecimal("0.0005"))));
        as(admin).get("/api/v1/finops/valuation-rates/" + model + "/history").then().body("", hasSize(2));
        // A price-map import leaves the resource's model alone, and says why.
        as(admin).urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(Map.of(model, Map.of("input_cost_per_token", 0.000001, "output_cost_per_token", 0.000002,
                        "litellm_provider", "openai", "mode", "chat")))
                .post("/api/v1/finops/valuation-rates:import").then().statusCode(200).body("skipped", equalTo(1))
                .body("skippedEntries[0].reason", equalTo("priced by the Kubernetes resource ModelPrice "
                        + NAMESPACE + "/" + name));

        // Deleting the resource releases the model; its versions stay (rates are history, never deleted).
        k8s.resources(ModelPrice.class).inNamespace(NAMESPACE).withName(name).delete();
        eventually(() -> Api.putRate(admin, Api.rate(model, "1", "2", null)).statusCode(200));
        as(admin).get("/api/v1/finops/valuation-rates/" + model + "/history").then().body("", hasSize(3));
    }

    @Test
    void anImplausibleModelPriceIsInvalidWithThePutMessage() {
        String name = unique("typo");
        create(new ModelPrice(name, price(unique("m"), "5000", "1")));
        ResourceCondition invalid = await(k8s, ModelPrice.class, NAMESPACE, name, ResourceCondition.INVALID);
        assertEquals("ValidationFailed", invalid.reason());
        assertTrue(invalid.message().startsWith("inputRatePerKTokens: is USD per 1,000 tokens and must be at most"),
                invalid.message());
    }

    @Test
    void aRoutingPolicyResourceRoutesAndFollowsItsResource() {
        String team = unique("team");
        String name = unique("routing");
        create(new RoutingPolicy(name, new RoutingPolicy.Spec("team", team, "gpt-4o",
                List.of(new RoutingPolicy.Rule("cheap", "task_complexity == 'low'", "gpt-4o-mini", "simple work")),
                null)));
        assertEquals("team/" + team, await(k8s, RoutingPolicy.class, NAMESPACE, name, ResourceCondition.READY) != null
                ? k8s.resources(RoutingPolicy.class).inNamespace(NAMESPACE).withName(name).get().getStatus().objectId()
                : null);
        as(admin).get("/api/v1/routing/policies/team/" + team).then().statusCode(200)
                .body("defaultModel", equalTo("gpt-4o")).body("rules[0].model", equalTo("gpt-4o-mini"));
        as(admin).contentType(ContentType.JSON).body(Map.of("team_id", team, "task_complexity", "low"))
                .post("/api/v1/routing/decide").then().statusCode(200).body("model", equalTo("gpt-4o-mini"));
        as(admin).delete("/api/v1/routing/policies/team/" + team).then().statusCode(409)
                .body("detail", containsString("RoutingPolicy " + NAMESPACE + "/" + name));

        k8s.resources(RoutingPolicy.class).inNamespace(NAMESPACE).withName(name).edit(p -> {
            p.setSpec(new RoutingPolicy.Spec("team", team, "gpt-4.1-mini", List.of(), null));
            return p;
        });
        eventually(() -> as(admin).get("/api/v1/routing/policies/team/" + team).then().statusCode(200)
                .body("defaultModel", equalTo("gpt-4.1-mini")).body("rules", hasSize(0)));

        k8s.resources(RoutingPolicy.class).inNamespace(NAMESPACE).withName(name).delete();
        eventually(() -> as(admin).get("/api/v1/routing/policies/team/" + team).then().statusCode(404));
    }

    @Test
    void aConditionThatIsNotCelIsInvalidWithItsPosition() {
        String name = unique("bad-cel");
        create(new RoutingPolicy(name, new RoutingPolicy.Spec("agent", unique("a"), "gpt-4o",
                List.of(new RoutingPolicy.Rule("r", "task_complexity ==", "gpt-4o-mini", null)), null)));
        ResourceCondition invalid = await(k8s, RoutingPolicy.class, NAMESPACE, name, ResourceCondition.INVALID);
        assertTrue(invalid.message().startsWith("A rule condition is not a valid CEL expression: rules[0].condition line 1"),
                invalid.message());
    }

    @Test
    void aPolicyCreatedThroughTheApiIsLeftAlone() {
        String agent = unique("agent");
        as(admin).contentType(ContentType.JSON).body(Map.of("defaultModel", "gpt-4o-mini"))
                .put("/api/v1/routing/policies/agent/" + agent).then().statusCode(200);
        String name = unique("takeover");
        create(new RoutingPolicy(name, new RoutingPolicy.Spec("agent", agent, "gpt-4o", null, null)));
        ResourceCondition invalid = await(k8s, RoutingPolicy.class, NAMESPACE, name, ResourceCondition.INVALID);
        assertEquals("Conflict", invalid.reason());
        as(admin).get("/api/v1/routing/policies/agent/" + agent).then().body("defaultModel", equalTo("gpt-4o-mini"));
        // Deleting the refused resource does not touch the API's policy either.
        k8s.resources(RoutingPolicy.class).inNamespace(NAMESPACE).withName(name).delete();
        as(admin).contentType(ContentType.JSON).body(Map.of("defaultModel", "gpt-4o"))
                .put("/api/v1/routing/policies/agent/" + agent).then().statusCode(200);
    }

    private static ModelPrice.Spec price(String model, String input, String output) {
        return new ModelPrice.Spec(model, "openai", new BigDecimal(input), new BigDecimal(output), null, null, null,
                null, null);
    }

    private void create(HasMetadata resource) {
        resource.getMetadata().setNamespace(NAMESPACE);
        k8s.resource(resource).create();
    }
}

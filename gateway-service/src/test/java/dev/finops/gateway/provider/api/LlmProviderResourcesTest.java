package dev.finops.gateway.provider.api;

import static dev.finops.testing.kubernetes.KubernetesWatchProfile.NAMESPACE;
import static dev.finops.testing.kubernetes.ResourceStatuses.await;
import static dev.finops.testing.kubernetes.ResourceStatuses.eventually;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.finops.gateway.provider.app.ProviderKeys;
import dev.finops.gateway.provider.app.ProviderService;
import dev.finops.resources.LlmProvider;
import dev.finops.resources.ResourceCondition;
import dev.finops.resources.SecretKeyRef;
import dev.finops.testing.IngestStub;
import dev.finops.testing.kubernetes.FinopsCrds;
import dev.finops.testing.kubernetes.KubernetesWatchProfile;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.finops.gateway.SuiteStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LLMProvider resources, reconciled into providers (key from the referenced Secret) with status written back. */
@QuarkusTest
@TestProfile(KubernetesWatchProfile.class)
@WithKubernetesTestServer(setup = FinopsCrds.class)
@WithTestResource(SuiteStub.class)
class LlmProviderResourcesTest {

    private static final String PROVIDERS = "/api/v1/gateway/providers/";

    @KubernetesTestServer
    KubernetesServer server;

    @IngestStub.Server
    WireMockServer ingest;

    @Inject
    ProviderService providers;

    @Inject
    ProviderKeys keys;

    KubernetesClient k8s;
    String admin;

    @BeforeEach
    void setUp() {
        k8s = server.getClient();
        admin = "admin-" + UUID.randomUUID();
        IngestStub.activeAdmin(ingest, admin);
    }

    @Test
    void aProviderResourceServesWithTheKeyOfItsSecretUntilItIsDeleted() {
        String name = resourceName();
        String apiKey = "sk-test-" + UUID.randomUUID();
        secret(name + "-key", "api-key", apiKey);
        create(name, new LlmProvider.Spec("openai", "https://api.openai.com/v1", ref(name),
                List.of("gpt-4o", "gpt-4o-mini"), Map.of("gpt-4o", List.of("gpt-4o-mini")), 30_000));

        ResourceCondition ready = await(k8s, LlmProvider.class, NAMESPACE, name, ResourceCondition.READY);
        assertEquals("Reconciled", ready.reason());
        LlmProvider applied = k8s.resources(LlmProvider.class).inNamespace(NAMESPACE).withName(name).get();
        assertEquals(name, applied.getStatus().objectId());
        String owner = "LLMProvider " + NAMESPACE + "/" + name;
        String view = as(admin).get(PROVIDERS + name).then().statusCode(200)
                .body("type", equalTo("openai")).body("baseUrl", equalTo("https://api.openai.com/v1"))
                .body("models", equalTo(List.of("gpt-4o", "gpt-4o-mini")))
                .body("fallbacks.gpt-4o", equalTo(List.of("gpt-4o-mini"))).body("timeoutMs", equalTo(30_000))
                .body("apiKeySet", equalTo(true)).body("managedBy", equalTo(owner))
                .extract().asString();
        assertTrue(!view.contains(apiKey), "the API never shows the provider key");
        String sealed = providers.get(name).await().atMost(Duration.ofSeconds(10)).sealedApiKey();
        assertEquals(apiKey, keys.open(sealed), "the key the gateway forwards with is the Secret's");

        as(admin).contentType(ContentType.JSON).body(Map.of("type", "openai", "baseUrl", "https://api.openai.com/v1",
                        "apiKey", "sk-other", "models", List.of("*")))
                .put(PROVIDERS + name).then().statusCode(409).body("detail", containsString(owner));
        as(admin).delete(PROVIDERS + name).then().statusCode(409);

        k8s.resources(LlmProvider.class).inNamespace(NAMESPACE).withName(name).edit(p -> {
            p.setSpec(new LlmProvider.Spec("openai", "https://api.openai.com/v1/", p.getSpec().apiKeySecretRef(),
                    List.of("*"), null, null));
            return p;
        });
        eventually(() -> as(admin).get(PROVIDERS + name).then().statusCode(200)
                .body("models", equalTo(List.of("*"))).body("baseUrl", equalTo("https://api.openai.com/v1"))
                .body("$", not(hasKey("timeoutMs"))));

        k8s.resources(LlmProvider.class).inNamespace(NAMESPACE).withName(name).delete();
        eventually(() -> as(admin).get(PROVIDERS + name).then().statusCode(404));
    }

    @Test
    void aBaseUrlOutsideTheAllowedHostsIsInvalidWithTheApisMessage() {
        String name = resourceName();
        secret(name + "-key", "api-key", "sk-x");
        create(name, new LlmProvider.Spec("openai", "http://169.254.169.254/v1", ref(name), List.of("gpt-4o"), null,
                null));
        ResourceCondition invalid = await(k8s, LlmProvider.class, NAMESPACE, name, ResourceCondition.INVALID);
        assertEquals("ValidationFailed", invalid.reason());
        assertTrue(invalid.message().startsWith(
                "baseUrl: host '169.254.169.254' is not in finops.gateway.allowed-hosts"), invalid.message());
        as(admin).get(PROVIDERS + name).then().statusCode(404);
    }

    @Test
    void aMissingSecretIsInvalidAndNamesIt() {
        String name = resourceName();
        create(name, new LlmProvider.Spec("anthropic", "https://api.anthropic.com",
                new SecretKeyRef("no-such-secret", "k"), List.of("claude-sonnet-4-5"), null, null));
        ResourceCondition invalid = await(k8s, LlmProvider.class, NAMESPACE, name, ResourceCondition.INVALID);
        assertEquals("ValidationFailed", invalid.reason());
        assertEquals("apiKeySecretRef: Secret 'no-such-secret' does not exist in namespace " + NAMESPACE,
                invalid.message());
    }

    @Test
    void aProviderCreatedThroughTheApiIsLeftAlone() {
        String name = resourceName();
        as(admin).contentType(ContentType.JSON).body(Map.of("type", "anthropic", "baseUrl", "https://api.anthropic.com",
                        "apiKey", "sk-ant-rest", "models", List.of("claude-sonnet-4-5")))
                .put(PROVIDERS + name).then().statusCode(200);
        secret(name + "-key", "api-key", "sk-from-secret");
        create(name, new LlmProvider.Spec("openai", "https://api.openai.com/v1", ref(name), List.of("gpt-4o"), null,
                null));
        assertEquals("Conflict", await(k8s, LlmProvider.class, NAMESPACE, name, ResourceCondition.INVALID).reason());
        as(admin).get(PROVIDERS + name).then().statusCode(200).body("type", equalTo("anthropic"))
                .body("managedBy", nullValue());
        String sealed = providers.get(name).await().atMost(Duration.ofSeconds(10)).sealedApiKey();
        assertEquals("sk-ant-rest", keys.open(sealed));
        as(admin).delete(PROVIDERS + name).then().statusCode(204);
    }

    private RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    /** The Secret test resource {@code name} keeps its key in. */
    private static SecretKeyRef ref(String name) {
        return new SecretKeyRef(name + "-key", "api-key");
    }

    private static String resourceName() {
        return "llmp-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private void secret(String name, String key, String value) {
        k8s.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(name)
                .endMetadata().withStringData(Map.of(key, value)).build()).create();
    }

    private void create(String name, LlmProvider.Spec spec) {
        LlmProvider p = new LlmProvider(name, spec);
        p.getMetadata().setNamespace(NAMESPACE);
        k8s.resource(p).create();
    }
}

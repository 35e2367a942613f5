package dev.finops.gateway.provider.api;

import dev.finops.gateway.config.OrgResources;
import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.error.GatewayProblems;
import dev.finops.gateway.provider.app.Provider;
import dev.finops.gateway.provider.app.ProviderService;
import dev.finops.gateway.provider.app.ProviderSpec;
import dev.finops.kubernetes.KubernetesSecrets;
import dev.finops.kubernetes.ResourceOwner;
import dev.finops.kubernetes.ResourceReconciler;
import dev.finops.resources.LlmProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * LLMProvider resources → providers named by metadata.name, through the same validation as
 * {@code PUT /api/v1/gateway/providers/{name}}. The API key is read from the Secret {@code apiKeySecretRef} names, in
 * the resource's namespace, on every apply: after rotating it, touch the resource (e.g. an annotation).
 */
@ApplicationScoped
public class LlmProviderReconciler implements ResourceReconciler<LlmProvider> {

    private final ProviderService providers;
    private final KubernetesSecrets secrets;
    private final OrgResources org;

    public LlmProviderReconciler(ProviderService providers, KubernetesSecrets secrets, OrgResources org) {
        this.providers = providers;
        this.secrets = secrets;
        this.org = org;
    }

    @Override
    public Class<LlmProvider> kind() {
        return LlmProvider.class;
    }

    @Override
    public Uni<String> apply(LlmProvider resource, ResourceOwner owner) {
        org.require(owner);
        return Uni.createFrom().deferred(() -> {
                    LlmProvider.Spec s = resource.getSpec();
                    String apiKey = secrets.read(resource.getMetadata().getNamespace(), s.apiKeySecretRef(),
                            "apiKeySecretRef");
                    ProviderSpec spec = new ProviderSpec(s.type(), s.baseUrl(), apiKey, s.models(), s.fallbacks(),
                            s.timeoutMs());
                    return providers.applyResource(resource.getMetadata().getName(), spec, owner);
                })
                .map(Provider::name)
                .onFailure(GatewayException.class).transform(e -> GatewayProblems.forResource((GatewayException) e));
    }

    @Override
    public Uni<Void> remove(ResourceOwner owner) {
        return providers.removeResource(owner);
    }

    @Override
    public Uni<List<ResourceOwner>> owners() {
        return providers.owners();
    }
}

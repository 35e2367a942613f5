package dev.finops.http.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.arc.DefaultBean;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Verifies keys by asking ingest-service, which owns them, and trusts each answer for
 * {@code finops.auth.cache-ttl}: a revoked key stops working everywhere within that time.
 */
@DefaultBean
@ApplicationScoped
public class IntrospectingApiKeyVerifier implements ApiKeyVerifier {

    private final KeyIntrospectionClient client;
    private final String serviceAuthorization;
    private final AsyncCache<String, Optional<ApiKeyPrincipal>> cache;

    public IntrospectingApiKeyVerifier(AuthConfig config) {
        this.client = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.ingestUrl()))
                .build(KeyIntrospectionClient.class);
        this.serviceAuthorization = "Bearer " + config.serviceKey().orElse("");
        long positiveNanos = config.cacheTtl().toNanos();
        long negativeNanos = config.negativeCacheTtl().toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfter(Expiry.<String, Optional<ApiKeyPrincipal>>creating(
                        (key, value) -> java.time.Duration.ofNanos(value.isPresent() ? positiveNanos : negativeNanos)))
                .buildAsync();
    }

    @Override
    public Uni<Optional<ApiKeyPrincipal>> verify(String presentedKey) {
        String cacheKey = KeyHashing.sha256(presentedKey);
        CompletableFuture<Optional<ApiKeyPrincipal>> answer = cache.get(cacheKey,
                (k, executor) -> introspect(presentedKey).subscribeAsCompletionStage());
        return Uni.createFrom().completionStage(answer);
    }

    private Uni<Optional<ApiKeyPrincipal>> introspect(String presentedKey) {
        return client.introspect(serviceAuthorization, new KeyIntrospectionClient.IntrospectionRequest(presentedKey))
                .map(r -> r.active()
                        ? Optional.of(new ApiKeyPrincipal(r.keyId(), r.name(), Role.parse(r.role()), r.teamId()))
                        : Optional.<ApiKeyPrincipal>empty())
                .onFailure().transform(e -> new KeyServiceUnavailableException(e.getMessage(), e));
    }
}

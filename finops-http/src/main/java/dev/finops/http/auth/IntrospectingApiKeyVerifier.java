package dev.finops.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.arc.DefaultBean;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Verifies keys by asking ingest-service, which owns them, and trusts each answer for
 * {@code finops.auth.cache-ttl}: a revoked key stops working everywhere within that time.
 */
@DefaultBean
@ApplicationScoped
public class IntrospectingApiKeyVerifier implements ApiKeyVerifier {

    // Fault-tolerance annotations do not apply to a programmatically built client: bound the call here.
    private static final long TIMEOUT_MILLIS = 2000;
    private static final Duration RETRY_DELAY = Duration.ofMillis(100);

    private final KeyIntrospectionClient client;
    private final String serviceAuthorization;
    private final Cache<String, Optional<ApiKeyPrincipal>> cache;
    /** The last positive answer per key, for while ingest is unreachable. */
    private final Cache<String, ApiKeyPrincipal> lastKnown;

    public IntrospectingApiKeyVerifier(AuthConfig config) {
        this.client = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.ingestUrl()))
                .connectTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .readTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .build(KeyIntrospectionClient.class);
        this.serviceAuthorization = "Bearer " + config.serviceKey().orElse("");
        long positiveNanos = config.cacheTtl().toNanos();
        long negativeNanos = config.negativeCacheTtl().toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfter(Expiry.<String, Optional<ApiKeyPrincipal>>creating(
                        (key, value) -> java.time.Duration.ofNanos(value.isPresent() ? positiveNanos : negativeNanos)))
                .build();
        this.lastKnown = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(config.staleTtl().isNegative() ? Duration.ZERO : config.staleTtl()).build();
    }

    @Override
    public Uni<Optional<ApiKeyPrincipal>> verify(String presentedKey) {
        String cacheKey = KeyHashing.sha256(presentedKey);
        Optional<ApiKeyPrincipal> known = cache.getIfPresent(cacheKey);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        // Only answers are cached; a failed check is asked again next time, meanwhile a key known before still works.
        return introspect(presentedKey).invoke(answer -> {
            cache.put(cacheKey, answer);
            answer.ifPresentOrElse(p -> lastKnown.put(cacheKey, p), () -> lastKnown.invalidate(cacheKey));
        }).onFailure(KeyServiceUnavailableException.class).recoverWithUni(e -> {
            ApiKeyPrincipal stale = lastKnown.getIfPresent(cacheKey);
            return stale != null ? Uni.createFrom().item(Optional.of(stale)) : Uni.createFrom().failure(e);
        });
    }

    private Uni<Optional<ApiKeyPrincipal>> introspect(String presentedKey) {
        return client.introspect(serviceAuthorization, new KeyIntrospectionClient.IntrospectionRequest(presentedKey))
                .onFailure(e -> !refusedByIngest(e)).retry().withBackOff(RETRY_DELAY).atMost(1)
                .map(r -> r.active()
                        ? Optional.of(new ApiKeyPrincipal(r.keyId(), r.name(), Role.parse(r.role()), r.teamId()))
                        : Optional.<ApiKeyPrincipal>empty())
                .onFailure().transform(e -> refusedByIngest(e)
                        ? KeyServiceUnavailableException.serviceKeyRefused(e)
                        : KeyServiceUnavailableException.unreachable(e));
    }

    private static boolean refusedByIngest(Throwable e) {
        return e instanceof WebApplicationException w
                && (w.getResponse().getStatus() == 401 || w.getResponse().getStatus() == 403);
    }
}

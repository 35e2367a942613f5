package dev.finops.ingest.service;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.ApiKeyVerifier;
import dev.finops.http.auth.KeyHashing;
import dev.finops.http.auth.Role;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.ApiKey;
import dev.finops.ingest.config.KeyConfig;
import dev.finops.ingest.repository.ApiKeyRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues, revokes and verifies API keys. ingest-service owns them; the other services ask it
 * through introspection (docs/decisions/0001-api-keys.md). Issuing and revoking are audited (kind "key").
 */
@ApplicationScoped
public class KeyService implements ApiKeyVerifier {

    public record CreatedKey(String id, String name, Role role, String teamId, String scope, String key) {
    }

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int MIN_CONFIGURED_KEY_LENGTH = 16;

    private final ApiKeyRepository repository;
    private final KeyConfig config;
    private final Pool pool;
    private final AuditTrail audit;
    private final SecureRandom random = new SecureRandom();
    // Local cache keeps key checks off the database on the hot path; a revocation here clears it at once.
    private final AsyncCache<String, Optional<ApiKeyPrincipal>> cache = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(5)).buildAsync();

    public KeyService(ApiKeyRepository repository, KeyConfig config, Pool pool, AuditTrail audit) {
        this.repository = repository;
        this.config = config;
        this.pool = pool;
        this.audit = audit;
    }

    void onStart(@Observes StartupEvent start) {
        registerConfiguredKeys().await().atMost(Duration.ofSeconds(30));
    }

    @Override
    public Uni<Optional<ApiKeyPrincipal>> verify(String presentedKey) {
        String hash = KeyHashing.sha256(presentedKey);
        return Uni.createFrom().completionStage(cache.get(hash, (h, executor) -> repository.findActiveByHash(h)
                .map(found -> found.map(KeyService::principal)).subscribeAsCompletionStage()));
    }

    /** Issues a key as {@code caller} may ({@link KeyGrants}); the key and its audit entry commit together. */
    public Uni<CreatedKey> create(ApiKeyPrincipal caller, Actor actor, String name, Role role, String teamId,
                                  String scope) {
        String team = KeyGrants.teamOfNewKey(caller, role, teamId, scope);
        String secret = newSecret();
        return pool.withTransaction(tx -> repository.insert(tx, UUID.randomUUID().toString(), name, role, team,
                        KeyHashing.sha256(secret))
                .call(k -> audit.record(tx, actor, new AuditTrail.Change("key", "create", k.id(), k.teamId(), null, k))))
                .map(k -> new CreatedKey(k.id(), k.name(), k.role(), k.teamId(), k.scope(), secret));
    }

    /** The keys the caller may manage: all of them, or its own team's. */
    public Uni<List<ApiKey>> list(ApiKeyPrincipal caller) {
        return repository.list(caller.scope().team().orElse(null));
    }

    /** Revokes a key the caller may manage; a key of another team is answered as absent. Revoking twice is a no-op. */
    public Uni<ApiKey> revoke(ApiKeyPrincipal caller, Actor actor, String id) {
        return pool.withTransaction(tx -> repository.findForUpdate(tx, id).chain(found -> {
            ApiKey before = found.filter(k -> caller.scope().permits(k.teamId()))
                    .orElseThrow(() -> new ProblemException(Response.Status.NOT_FOUND, "No API key with id " + id));
            KeyGrants.checkRevoke(caller, before);
            if (before.revokedAt() != null) {
                return Uni.createFrom().item(before);
            }
            return repository.revoke(tx, id).call(after -> audit.record(tx, actor,
                    new AuditTrail.Change("key", "revoke", id, before.teamId(), before, after)));
        })).invoke(k -> cache.synchronous().invalidateAll());
    }

    private Uni<Void> registerConfiguredKeys() {
        Uni<Void> chain = Uni.createFrom().voidItem();
        Optional<String> admin = config.bootstrapAdminKey().filter(k -> !k.isBlank());
        if (admin.isPresent()) {
            chain = chain.chain(() -> register("bootstrap-admin", Role.admin, admin.get()));
        } else {
            Log.warn("No bootstrap admin key (FINOPS_ADMIN_KEY) configured: only existing keys can administer.");
        }
        for (String entry : config.serviceKeys().orElse("").split(",")) {
            int colon = entry.indexOf(':');
            if (entry.isBlank()) {
                continue;
            }
            if (colon <= 0) {
                throw new IllegalStateException("finops.keys.service-keys entries must be name:key, got one without ':'");
            }
            String name = entry.substring(0, colon).trim();
            String key = entry.substring(colon + 1).trim();
            chain = chain.chain(() -> register(name, Role.service, key));
        }
        return chain;
    }

    private Uni<Void> register(String name, Role role, String key) {
        if (key.length() < MIN_CONFIGURED_KEY_LENGTH) {
            throw new IllegalStateException("The configured key '" + name + "' is shorter than "
                    + MIN_CONFIGURED_KEY_LENGTH + " characters; use a long random secret.");
        }
        return repository.upsertManaged(UUID.randomUUID().toString(), name, role, KeyHashing.sha256(key));
    }

    private String newSecret() {
        StringBuilder sb = new StringBuilder("finops_");
        for (int i = 0; i < 40; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static ApiKeyPrincipal principal(ApiKey key) {
        return new ApiKeyPrincipal(key.id(), key.name(), key.role(), key.teamId());
    }
}

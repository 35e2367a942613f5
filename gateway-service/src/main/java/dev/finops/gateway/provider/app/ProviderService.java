package dev.finops.gateway.provider.app;

import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.error.GatewayException.Kind;
import dev.finops.gateway.provider.store.ProviderRepository;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.util.LinkedHashMap;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Providers, from the admin API or LLMProvider resources; every change reloads the catalog the proxy routes by, and
 * is written to the audit trail (kind {@code provider}) in its own transaction, without the provider's API key.
 */
@ApplicationScoped
public class ProviderService {

    static final String KIND = "provider";
    private static final OwnerColumn OWNER = new OwnerColumn("providers", "name");

    private final ProviderRepository providers;
    private final ProviderValidator validator;
    private final ProviderKeys keys;
    private final ProviderCatalog catalog;
    private final Pool pool;
    private final AuditTrail audit;

    public ProviderService(ProviderRepository providers, ProviderValidator validator, ProviderKeys keys,
                           ProviderCatalog catalog, Pool pool, AuditTrail audit) {
        this.providers = providers;
        this.validator = validator;
        this.keys = keys;
        this.catalog = catalog;
        this.pool = pool;
        this.audit = audit;
    }

    public Uni<List<Provider>> list() {
        return providers.all();
    }

    public Uni<Provider> get(String name) {
        return providers.find(pool, name).onItem().ifNull()
                .failWith(() -> new GatewayException(Kind.NOT_FOUND, "name", "no provider named '" + name + "'"));
    }

    /** Creates or replaces a provider through the API; one an LLMProvider resource manages is a conflict. */
    public Uni<Provider> put(String name, ProviderSpec spec, Actor actor) {
        validator.check(name, spec);
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, "provider '" + name + "'", name)
                        .chain(() -> save(tx, name, spec, actor)))
                .call(catalog::reload);
    }

    public Uni<Void> delete(String name, Actor actor) {
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, "provider '" + name + "'", name)
                        .chain(() -> remove(tx, name, actor)))
                .invoke(deleted -> {
                    if (!deleted) {
                        throw new GatewayException(Kind.NOT_FOUND, "name", "no provider named '" + name + "'");
                    }
                })
                .call(catalog::reload).replaceWithVoid();
    }

    /** An LLMProvider resource: the provider it names, owned by the resource (a REST one of that name conflicts). */
    public Uni<Provider> applyResource(String name, ProviderSpec spec, ResourceOwner owner) {
        validator.check(name, spec);
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner)
                        .call(mine -> mine.isEmpty() || mine.get().getString(0).equals(name) ? Uni.createFrom().voidItem()
                                : remove(tx, mine.get().getString(0), actor))
                        .chain(() -> OWNER.claim(tx, owner, "provider '" + name + "'", name))
                        .chain(() -> save(tx, name, spec, actor))
                        .call(() -> OWNER.own(tx, owner, name)))
                .call(catalog::reload);
    }

    public Uni<Void> removeResource(ResourceOwner owner) {
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> mine.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : remove(tx, mine.get().getString(0), actor).replaceWithVoid()))
                .call(catalog::reload);
    }

    private Uni<Provider> save(SqlClient tx, String name, ProviderSpec spec, Actor actor) {
        return providers.find(tx, name).invoke(existing -> requireKey(existing, spec))
                .chain(before -> providers.save(tx, provider(name, spec)).call(after -> audit.record(tx, actor,
                        new AuditTrail.Change(KIND, before == null ? "create" : "update", name, null, audited(before,
                                null), audited(after, spec)))));
    }

    private Uni<Boolean> remove(SqlClient tx, String name, Actor actor) {
        return providers.find(tx, name).chain(before -> providers.delete(tx, name).call(deleted -> !deleted
                ? Uni.createFrom().voidItem()
                : audit.record(tx, actor, new AuditTrail.Change(KIND, "delete", name, null, audited(before, null),
                        null))));
    }

    /**
     * A provider as the audit trail keeps it: never its API key, only whether one is set and, after a change, whether
     * the change sent a new one.
     */
    private static Map<String, Object> audited(Provider p, ProviderSpec change) {
        if (p == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("type", p.type());
        m.put("baseUrl", p.baseUrl());
        m.put("apiKeySet", p.sealedApiKey() != null);
        if (change != null) {
            m.put("apiKeyReplaced", change.apiKey() != null && !change.apiKey().isBlank());
        }
        m.put("models", p.models());
        m.put("fallbacks", p.fallbacks());
        m.put("timeoutMs", p.timeoutMs());
        m.put("managedBy", p.managedBy());
        return m;
    }

    public Uni<List<ResourceOwner>> owners() {
        return OWNER.owners(pool);
    }

    private Provider provider(String name, ProviderSpec spec) {
        String sealed = spec.apiKey() == null || spec.apiKey().isBlank() ? null : keys.seal(spec.apiKey());
        return new Provider(name, spec.type(), stripSlash(spec.baseUrl()), sealed, spec.models(), spec.fallbacks(),
                spec.timeoutMs(), null, null);
    }

    /** A new provider needs a key; an update may leave it out to keep the stored one. */
    private static void requireKey(Provider existing, ProviderSpec spec) {
        if (existing == null && (spec.apiKey() == null || spec.apiKey().isBlank())) {
            throw GatewayException.invalid("apiKey", "a new provider needs the provider's API key");
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

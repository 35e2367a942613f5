package dev.finops.gateway.provider.app;

import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.error.GatewayException.Kind;
import dev.finops.gateway.provider.store.ProviderRepository;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Providers, from the admin API or LLMProvider resources; every change reloads the catalog the proxy routes by. */
@ApplicationScoped
public class ProviderService {

    private static final OwnerColumn OWNER = new OwnerColumn("providers", "name");

    private final ProviderRepository providers;
    private final ProviderValidator validator;
    private final ProviderKeys keys;
    private final ProviderCatalog catalog;
    private final Pool pool;

    public ProviderService(ProviderRepository providers, ProviderValidator validator, ProviderKeys keys,
                           ProviderCatalog catalog, Pool pool) {
        this.providers = providers;
        this.validator = validator;
        this.keys = keys;
        this.catalog = catalog;
        this.pool = pool;
    }

    public Uni<List<Provider>> list() {
        return providers.all();
    }

    public Uni<Provider> get(String name) {
        return providers.find(pool, name).onItem().ifNull()
                .failWith(() -> new GatewayException(Kind.NOT_FOUND, "name", "no provider named '" + name + "'"));
    }

    /** Creates or replaces a provider through the API; one an LLMProvider resource manages is a conflict. */
    public Uni<Provider> put(String name, ProviderSpec spec) {
        validator.check(name, spec);
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, "provider '" + name + "'", name)
                        .chain(() -> providers.find(tx, name))
                        .invoke(existing -> requireKey(existing, spec))
                        .chain(() -> providers.save(tx, provider(name, spec))))
                .call(catalog::reload);
    }

    public Uni<Void> delete(String name) {
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, "provider '" + name + "'", name)
                        .chain(() -> providers.delete(tx, name)))
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
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner)
                        .call(mine -> mine.isEmpty() || mine.get().getString(0).equals(name) ? Uni.createFrom().voidItem()
                                : providers.delete(tx, mine.get().getString(0)))
                        .chain(() -> OWNER.claim(tx, owner, "provider '" + name + "'", name))
                        .chain(() -> providers.find(tx, name))
                        .invoke(existing -> requireKey(existing, spec))
                        .chain(() -> providers.save(tx, provider(name, spec)))
                        .call(() -> OWNER.own(tx, owner, name)))
                .call(catalog::reload);
    }

    public Uni<Void> removeResource(ResourceOwner owner) {
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> mine.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : providers.delete(tx, mine.get().getString(0)).replaceWithVoid()))
                .call(catalog::reload);
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

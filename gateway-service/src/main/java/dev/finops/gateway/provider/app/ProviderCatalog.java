package dev.finops.gateway.provider.app;

import dev.finops.gateway.provider.store.ProviderRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;

/**
 * The providers in memory, with their keys opened, so routing a call costs no database round trip. Reloaded after
 * every change on this replica and every few seconds for changes made on another.
 */
@ApplicationScoped
public class ProviderCatalog {

    /** A provider ready to call: its API key in plain text lives only here. */
    public record Upstream(Provider provider, String apiKey) {
    }

    private final ProviderRepository providers;
    private final ProviderKeys keys;
    private volatile List<Upstream> upstreams = List.of();

    public ProviderCatalog(ProviderRepository providers, ProviderKeys keys) {
        this.providers = providers;
        this.keys = keys;
    }

    void load(@Observes StartupEvent start) {
        reload().await().indefinitely();
    }

    @Scheduled(every = "${finops.gateway.provider-refresh:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload().onFailure().invoke(e -> Log.warnf("providers not reloaded: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    public Uni<Void> reload() {
        return providers.all().invoke(all -> upstreams = all.stream().map(this::upstream)
                .flatMap(Optional::stream).toList()).replaceWithVoid();
    }

    /** A provider whose key cannot be opened (the sealing key changed) is left out, loudly, rather than failing all. */
    private Optional<Upstream> upstream(Provider p) {
        try {
            return Optional.of(new Upstream(p, keys.open(p.sealedApiKey())));
        } catch (IllegalStateException e) {
            Log.errorf("provider '%s' is not used: %s; PUT its apiKey again", p.name(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The provider of this type that lists the model by name, else one of this type that serves any model. */
    public Optional<Upstream> route(String type, String model) {
        List<Upstream> all = upstreams;
        return all.stream().filter(u -> u.provider().type().equals(type) && u.provider().serves(model)).findFirst()
                .or(() -> all.stream().filter(u -> u.provider().type().equals(type) && u.provider().servesAny())
                        .findFirst());
    }

    /** Every model named by a provider of this type (for GET /v1/models). */
    public List<String> models(String type) {
        return upstreams.stream().filter(u -> u.provider().type().equals(type))
                .flatMap(u -> u.provider().models().stream()).filter(m -> !"*".equals(m)).distinct().sorted().toList();
    }

    /** The fallbacks configured for a model at its provider. */
    public List<String> fallbacks(Upstream upstream, String model) {
        return upstream.provider().fallbacks().getOrDefault(model, List.of());
    }
}

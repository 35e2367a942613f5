package dev.finops.cache.config;

import dev.finops.cache.client.EmbeddingsClient;
import dev.finops.cache.config.CacheConfig.Embedding.Provider;
import dev.finops.cache.embedding.Embedder;
import dev.finops.cache.embedding.LocalOnnxEmbedder;
import dev.finops.cache.embedding.RemoteEmbedder;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The configured embedder: the in-process model (default) or an OpenAI-compatible endpoint. */
@ApplicationScoped
public class EmbedderProducer {

    private final Embedder embedder;
    private final boolean warmUp;

    public EmbedderProducer(CacheConfig config, @RestClient Instance<EmbeddingsClient> remoteClient) {
        CacheConfig.Embedding e = config.embedding();
        this.embedder = e.provider() == Provider.REMOTE
                ? new RemoteEmbedder(remoteClient.get(), e.remote().model(), Embedder.STORED_DIMENSION,
                        e.remote().sendDimensions(), e.remote().apiKey())
                : new LocalOnnxEmbedder(LocalOnnxEmbedder.Model.named(e.model()), Path.of(e.nativeDir()));
        this.warmUp = e.warmUp();
    }

    @Produces
    @ApplicationScoped
    Embedder embedder() {
        return embedder;
    }

    /** Loads the model (or checks the endpoint) in the background, so a broken set-up shows in the log at start. */
    void warmUp(@Observes StartupEvent start) {
        Log.infof("embedder: %s", embedder.modelName());
        if (warmUp) {
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                long t = System.nanoTime();
                try {
                    embedder.embed("warm up");
                    Log.infof("embedder %s ready in %d ms", embedder.modelName(), (System.nanoTime() - t) / 1_000_000);
                } catch (RuntimeException | LinkageError e) {
                    Log.errorf(e, "embedder %s failed; semantic lookups and stores will fail until it works",
                            embedder.modelName());
                }
            });
        }
    }
}

package dev.finops.cache.config;

import dev.finops.cache.embedding.Embedder;
import dev.finops.cache.embedding.LocalOnnxEmbedder;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/** The default embedder: the in-process model. */
@ApplicationScoped
public class EmbedderProducer {

    private final LocalOnnxEmbedder local;
    private final boolean warmUp;

    public EmbedderProducer(CacheConfig config) {
        this.local = new LocalOnnxEmbedder(LocalOnnxEmbedder.Model.named(config.embedding().model()),
                Path.of(config.embedding().nativeDir()));
        this.warmUp = config.embedding().warmUp();
    }

    @Produces
    @ApplicationScoped
    Embedder embedder() {
        return local;
    }

    void warmUp(@Observes StartupEvent start) {
        if (warmUp) {
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                long t = System.nanoTime();
                try {
                    local.embed("warm up");
                    Log.infof("embedding model %s loaded in %d ms", local.modelName(), (System.nanoTime() - t) / 1_000_000);
                } catch (RuntimeException | LinkageError e) {
                    Log.errorf(e, "embedding model %s failed to load; semantic lookups will fail", local.modelName());
                }
            });
        }
    }
}

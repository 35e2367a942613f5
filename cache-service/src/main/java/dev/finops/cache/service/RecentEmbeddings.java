package dev.finops.cache.service;

import dev.finops.cache.config.CacheConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vectors of the texts embedded last, by SHA-256 of the text as embedded (not the normalised text of the exact
 * path's {@code textHash}: the vector is the raw text's). The usual client flow is a lookup that misses, the
 * paid model call, then a store of the same prompt: the store reuses the lookup's vector instead of embedding (and,
 * with a remote embedder, paying for) the text a second time. The embedder is fixed for the process, so a text's
 * vector never changes; {@code finops.cache.embedding.recent-entries} bounds the memory (≈ 1.7 KB per entry).
 */
@ApplicationScoped
public class RecentEmbeddings {

    private final int capacity;
    private final Map<String, float[]> recent;

    public RecentEmbeddings(CacheConfig config) {
        this.capacity = config.embedding().recentEntries();
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The vector of this text if it was embedded lately, else null. */
    public float[] get(String text) {
        if (capacity == 0) {
            return null;
        }
        String key = Prompts.sha256(text);
        synchronized (recent) {
            return recent.get(key);
        }
    }

    public void put(String text, float[] vector) {
        if (capacity == 0) {
            return;
        }
        String key = Prompts.sha256(text);
        synchronized (recent) {
            recent.put(key, vector);
        }
    }
}

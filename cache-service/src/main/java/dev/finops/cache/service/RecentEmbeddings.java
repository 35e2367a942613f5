package dev.finops.cache.service;

import dev.finops.cache.config.CacheConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vectors of the texts embedded last, by SHA-256 of the text. The usual client flow is a lookup that misses, the
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
        synchronized (recent) {
            return recent.get(digest(text));
        }
    }

    public void put(String text, float[] vector) {
        if (capacity == 0) {
            return;
        }
        String key = digest(text);
        synchronized (recent) {
            recent.put(key, vector);
        }
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

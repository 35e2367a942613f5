package dev.finops.cache.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.util.Optional;

@ConfigMapping(prefix = "finops.cache")
public interface CacheConfig {

    /** Cosine similarity a semantic hit needs in a namespace without a policy: the threshold study's choice (README.md). */
    @WithDefault("0.95")
    BigDecimal defaultThreshold();

    /** Lifetime of an entry in a namespace without a policy, unless the entry says otherwise. */
    @WithDefault("24")
    BigDecimal defaultTtlHours();

    /** Longest compared text (prompt or last user message) in characters; longer is a 413. */
    @WithDefault("32768")
    int maxPromptChars();

    /** Longest cached response in characters; longer is a 413. */
    @WithDefault("1048576")
    int maxResponseChars();

    /** Nearest neighbours fetched per semantic lookup, so a guard-refused best candidate can yield to the next. */
    @WithDefault("5")
    int candidates();

    /** hnsw.ef_search of every pooled connection, set when it connects (application.properties): higher is better recall, slower search. */
    @WithDefault("100")
    int efSearch();

    /** How often the lookup statistics counted in memory are written to cache_stats (a hard kill loses at most this much). */
    @WithDefault("1s")
    String statsFlushInterval();

    /** How often expired entries are deleted (lookups ignore them anyway). */
    @WithDefault("10m")
    String purgeInterval();

    Embedding embedding();

    interface Embedding {

        enum Provider { LOCAL, REMOTE }

        /** local: the in-process model; remote: an OpenAI-compatible /embeddings endpoint ({@link #remote()}). */
        @WithDefault("local")
        Provider provider();

        Remote remote();

        /** In-process model: bge-small-en-v15-q (the threshold study's choice, README.md) or all-minilm-l6-v2. */
        @WithDefault("bge-small-en-v15-q")
        String model();

        /** Where the in-process model unpacks its native libraries (DJL, JNA); never the user's home. */
        @WithDefault("${java.io.tmpdir}/finops-cache-service/native")
        String nativeDir();

        /** USD per 1,000 embedded tokens by the in-process model, counted as embedding cost (remote: priced by pricing-service). */
        @WithDefault("0")
        BigDecimal costPerKTokens();

        /** Texts whose vectors are kept for reuse (a store after its lookup's miss embeds nothing); 0 turns it off. */
        @WithDefault("1000")
        int recentEntries();

        /** Load the model in the background at start, so the first lookup does not wait ~1.5 s. */
        @WithDefault("true")
        boolean warmUp();

        /** The remote embedder; its base URL is {@code quarkus.rest-client.embeddings.url} (ending in /v1). */
        interface Remote {

            /** The endpoint's model; also what pricing-service values the embedded tokens at. */
            @WithDefault("text-embedding-3-small")
            String model();

            /** Bearer key for the endpoint, if it needs one. */
            Optional<String> apiKey();

            /** Send {@code dimensions} (OpenAI v3 models shorten to it); turn off for servers that reject it. */
            @WithDefault("true")
            boolean sendDimensions();
        }
    }
}

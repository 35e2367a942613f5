package dev.finops.cache.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

@ConfigMapping(prefix = "finops.cache")
public interface CacheConfig {

    /** Cosine similarity a semantic hit needs in a namespace without a policy (see the study in README.md). */
    @WithDefault("0.92")
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

    /** hnsw.ef_search for the vector search: higher is better recall, slower search. */
    @WithDefault("100")
    int efSearch();

    /** How often expired entries are deleted (lookups ignore them anyway). */
    @WithDefault("10m")
    String purgeInterval();

    Embedding embedding();

    interface Embedding {

        /** In-process model: all-minilm-l6-v2 or bge-small-en-v15-q (see the threshold study in README.md). */
        @WithDefault("all-minilm-l6-v2")
        String model();

        /** Where the in-process model unpacks its native libraries (DJL, JNA); never the user's home. */
        @WithDefault("${java.io.tmpdir}/finops-cache-service/native")
        String nativeDir();

        /** USD per 1,000 embedded tokens, counted as embedding cost (0 for the in-process model). */
        @WithDefault("0")
        BigDecimal costPerKTokens();

        /** Load the model in the background at start, so the first lookup does not wait ~1.5 s. */
        @WithDefault("true")
        boolean warmUp();
    }
}

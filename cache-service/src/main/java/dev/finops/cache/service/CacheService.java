package dev.finops.cache.service;

import dev.finops.cache.CacheEntry;
import dev.finops.cache.CacheKey;
import dev.finops.cache.CachePolicy;
import dev.finops.cache.LookupAnswer;
import dev.finops.cache.config.CacheConfig;
import dev.finops.cache.embedding.Embedder;
import dev.finops.cache.repository.EntryRepository;
import dev.finops.cache.repository.EntryRepository.Candidate;
import dev.finops.cache.repository.StatsRepository.Delta;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Lookups (exact path, then vector search with the fact guard) and stores, with their savings and embedding cost. */
@ApplicationScoped
public class CacheService {

    private final EntryRepository entries;
    private final PendingStats stats;
    private final PolicyService policies;
    private final Embedder embedder;
    private final RecentEmbeddings recent;
    private final Valuation valuation;
    private final CacheMetrics metrics;
    private final CacheConfig config;

    public CacheService(EntryRepository entries, PendingStats stats, PolicyService policies, Embedder embedder,
                        RecentEmbeddings recent, Valuation valuation, CacheMetrics metrics, CacheConfig config) {
        this.entries = entries;
        this.stats = stats;
        this.policies = policies;
        this.embedder = embedder;
        this.recent = recent;
        this.valuation = valuation;
        this.metrics = metrics;
        this.config = config;
    }

    /**
     * {@code requestedThreshold} may only make the namespace's policy stricter, never looser. The policy and the exact
     * path are read concurrently (both are single-row reads; the exact result is unused when the policy disables).
     */
    public Uni<LookupAnswer> lookup(CacheKey key, BigDecimal requestedThreshold) {
        long start = System.nanoTime();
        return Uni.combine().all().unis(policies.effective(key.namespace(), key.teamId()), entries.exact(key)).asTuple().chain(t -> {
            CachePolicy policy = t.getItem1();
            Candidate exact = t.getItem2();
            if (!policy.enabled()) {
                return Uni.createFrom().item(LookupAnswer.miss(null, "disabled"));
            }
            metrics.stage("exact", start);
            if (exact != null) {
                return hit(key, exact, "exact", Embedded.NONE);
            }
            if (policy.exactOnly()) {
                return miss(key, null, "exactOnly", Embedded.NONE);
            }
            return semantic(key, threshold(policy, requestedThreshold));
        }).invoke(() -> metrics.stage("total", start));
    }

    private Uni<LookupAnswer> semantic(CacheKey key, double threshold) {
        return embed(key.text()).chain(e -> {
            long search = System.nanoTime();
            return entries.nearest(key, e.vector(), embedder.modelName(), config.candidates())
                    .invoke(() -> metrics.stage("search", search))
                    .chain(candidates -> decide(key, candidates, threshold, e));
        });
    }

    /** The nearest candidate over the threshold that the fact guard accepts; a refused one yields to the next. */
    private Uni<LookupAnswer> decide(CacheKey key, List<Candidate> candidates, double threshold, Embedded e) {
        String refused = null;
        for (Candidate c : candidates) {
            if (c.similarity() < threshold) {
                break;
            }
            Optional<String> conflict = FactGuard.conflict(key.text(), c.prompt());
            if (conflict.isEmpty()) {
                return hit(key, c, "semantic", e);
            }
            refused = refused == null ? conflict.get() : refused;
        }
        Double best = candidates.isEmpty() ? null : candidates.get(0).similarity();
        return miss(key, best, refused == null ? null : "guard:" + refused, e);
    }

    /** Counting the hit on the entry and valuing the avoided call are independent: both run at once. */
    private Uni<LookupAnswer> hit(CacheKey key, Candidate c, String match, Embedded e) {
        return Uni.combine().all().unis(entries.touch(c.id()),
                        valuation.ofAvoidedCall(key.model(), c.inputTokens(), c.outputTokens()))
                .with((touched, saved) -> {
                    stats.add(key.tenant(), key.namespace(), new Delta(1, "exact".equals(match) ? 1 : 0, 0, saved.isPresent() ? 0 : 1,
                            saved.orElse(BigDecimal.ZERO), e.tokens(), e.cost(), 0));
                    metrics.lookup("exact".equals(match) ? "exact" : "hit");
                    saved.ifPresent(metrics::saved);
                    String sharedFrom = Objects.equals(c.teamId(), key.teamId()) ? null : c.teamId();
                    return LookupAnswer.hit(match, c.id(), c.response(), c.similarity(), saved.orElse(null), c.prompt(),
                            sharedFrom);
                });
    }

    private Uni<LookupAnswer> miss(CacheKey key, Double best, String reason, Embedded e) {
        stats.add(key.tenant(), key.namespace(), new Delta(0, 0, 1, 0, BigDecimal.ZERO, e.tokens(), e.cost(), 0));
        metrics.lookup("miss");
        return Uni.createFrom().item(LookupAnswer.miss(best, reason));
    }

    /** Stores (or replaces) a response as the key's team's; null when that team's caching is disabled there. */
    public Uni<CacheEntry> store(CacheKey key, String response, long inputTokens, long outputTokens, BigDecimal ttlHours) {
        return policies.effective(key.namespace(), key.teamId()).chain(policy -> {
            if (!policy.enabled()) {
                return Uni.createFrom().nullItem();
            }
            BigDecimal ttl = ttlHours != null ? ttlHours : policy.ttlHours();
            return embed(key.text()).chain(e -> entries.upsert(key, response, inputTokens, outputTokens, e.vector(),
                            embedder.modelName(), ttl)
                    .call(entry -> evict(key, policy).invoke(evicted -> stats.add(key.tenant(), key.namespace(), new Delta(0, 0, 0, 0,
                            BigDecimal.ZERO, e.tokens(), e.cost(), evicted)))));
        });
    }

    /** maxEntries counts the storing team's entries of the namespace. */
    private Uni<Integer> evict(CacheKey key, CachePolicy policy) {
        if (policy.maxEntries() == null) {
            return Uni.createFrom().item(0);
        }
        return entries.evict(key.namespace(), key.tenant(), policy.maxEntries()).invoke(metrics::evicted);
    }

    /** A computed embedding with its tokens and their cost; {@link #NONE} on the exact path. */
    private record Embedded(float[] vector, int tokens, BigDecimal cost) {
        static final Embedded NONE = new Embedded(null, 0, BigDecimal.ZERO);
    }

    /**
     * Only the embedding itself runs on a worker thread (the model blocks); what follows (valuation, the vector search)
     * resumes on the caller's event loop, so the pg client is called from its own context and answers on it. A text
     * embedded lately is not embedded again: it costs no tokens.
     */
    private Uni<Embedded> embed(String text) {
        float[] known = recent.get(text);
        if (known != null) {
            metrics.embeddingReused();
            return Uni.createFrom().item(new Embedded(known, 0, BigDecimal.ZERO));
        }
        Context caller = Vertx.currentContext();
        Uni<Embedder.Embedding> computed = Uni.createFrom().item(() -> {
            long start = System.nanoTime();
            Embedder.Embedding e = embedder.embed(text);
            metrics.stage("embed", start);
            recent.put(text, e.vector());
            return e;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        if (caller != null) {
            computed = computed.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        }
        return computed.chain(e -> valuation.ofEmbedding(e.tokens()).map(cost -> {
            metrics.embedded(cost);
            return new Embedded(e.vector(), e.tokens(), cost);
        }));
    }

    private static double threshold(CachePolicy policy, BigDecimal requested) {
        BigDecimal t = policy.similarityThreshold();
        return (requested != null && requested.compareTo(t) > 0 ? requested : t).doubleValue();
    }
}

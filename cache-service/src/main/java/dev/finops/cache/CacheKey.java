package dev.finops.cache;

/**
 * What a lookup or an entry is keyed by: namespace, model and scope hash must be equal for a hit; {@code text} (the
 * compared user content) is matched exactly by {@code textHash} or semantically by its embedding.
 */
public record CacheKey(String namespace, String model, String scopeHash, String text, String textHash) {
}

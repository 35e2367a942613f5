package dev.finops.cache;

/**
 * What a lookup or an entry is keyed by: team, namespace, model and scope hash must be equal for a hit (or the
 * namespace shared with the team); {@code text} (the compared user content) is matched exactly by {@code textHash} or
 * semantically by its embedding. {@code teamId} null: the org's own entries.
 */
public record CacheKey(String namespace, String model, String scopeHash, String text, String textHash, String teamId) {

    public CacheKey inTeam(String team) {
        return new CacheKey(namespace, model, scopeHash, text, textHash, team);
    }

    /** The team as the tables key it: the org is the empty string, so it can be compared and indexed. */
    public String tenant() {
        return Tenants.of(teamId);
    }
}

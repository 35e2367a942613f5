package dev.finops.gateway.proxy.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.finops.gateway.client.SuiteClient;
import dev.finops.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Step 5, for calls that opt in with X-FinOps-Cache-Namespace: an exact-match tier in this replica's memory, then
 * cache-service's semantic lookup. Both are the caller's team's: the memory tier is keyed by team, and cache-service
 * (asked with the gateway's service key) is told the team in {@code teamId} and keeps teams apart itself, so one
 * team's key never reads another team's entries, whatever namespace string it sends, unless an admin shared that
 * namespace with it. The namespace is sent as the caller wrote it, so the team's cache policies and sharing of that
 * namespace apply. A cache that cannot answer is a miss, never an error.
 */
@ApplicationScoped
public class ResponseCache {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private final SuiteClient suite;
    private final String lookupUrl;
    private final String storeUrl;
    private final Cache<String, String> exact;

    public ResponseCache(SuiteClient suite, GatewayConfig config) {
        this.suite = suite;
        this.lookupUrl = config.cacheUrl() + "/api/v1/cache/lookup";
        this.storeUrl = config.cacheUrl() + "/api/v1/cache/entries";
        this.exact = Caffeine.newBuilder().maximumSize(config.exactCacheEntries())
                .expireAfterWrite(Duration.ofHours(1)).build();
    }

    /** The caller's namespace, checked. */
    public static String checked(String namespace) {
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw dev.finops.gateway.error.GatewayException.invalid("X-FinOps-Cache-Namespace",
                    "must be 1-64 letters, digits, '.', '_', ':' or '-'");
        }
        return namespace;
    }

    public Uni<CachedText> lookup(String team, String namespace, String model, String prompt) {
        String text = exact.getIfPresent(key(team, namespace, model, prompt));
        if (text != null) {
            return Uni.createFrom().item(new CachedText(text, "exact", null));
        }
        JsonObject body = new JsonObject().put("teamId", team).put("namespace", namespace).put("model", model)
                .put("prompt", prompt);
        return suite.post(lookupUrl, body).map(reply -> {
            JsonObject answer = reply.ok() ? reply.json() : new JsonObject();
            return answer.getBoolean("hit", false) ? new CachedText(answer.getString("response"),
                    answer.getString("match", "semantic"), answer.getString("sharedFrom")) : null;
        }).onFailure().recoverWithItem(e -> {
            Log.debugf("cache lookup failed, treated as a miss: %s", e.getMessage());
            return null;
        });
    }

    /** Stores a fresh answer as the team's in both tiers; failures are logged, never the caller's problem. */
    public void store(String team, String namespace, String model, String prompt, String text, long inputTokens,
                      long outputTokens) {
        exact.put(key(team, namespace, model, prompt), text);
        JsonObject body = new JsonObject().put("teamId", team).put("namespace", namespace).put("model", model)
                .put("prompt", prompt)
                .put("response", text).put("inputTokens", inputTokens).put("outputTokens", outputTokens);
        suite.post(storeUrl, body).subscribe().with(reply -> {
            if (!reply.ok()) {
                Log.debugf("cache store answered %d", reply.status());
            }
        }, e -> Log.debugf("cache store failed: %s", e.getMessage()));
    }

    private static String key(String team, String namespace, String model, String prompt) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {team, namespace, model, prompt}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

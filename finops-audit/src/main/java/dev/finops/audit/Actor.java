package dev.finops.audit;

import dev.finops.http.auth.ApiKeyPrincipal;
import io.quarkus.security.identity.SecurityIdentity;

/** Who made a change: an API key (its name and id), a Kubernetes resource, or the service itself. */
public record Actor(String name, String keyId) {

    public static Actor of(SecurityIdentity identity) {
        if (identity != null && identity.getPrincipal() instanceof ApiKeyPrincipal key) {
            return new Actor("key:" + key.name(), key.keyId());
        }
        return system("anonymous");
    }

    /** A change applied from a custom resource, e.g. {@code kubernetes:team-a/monthly-cap}. */
    public static Actor resource(String namespace, String name) {
        return new Actor("kubernetes:" + namespace + "/" + name, null);
    }

    public static Actor system(String what) {
        return new Actor("system:" + what, null);
    }
}

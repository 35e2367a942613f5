package dev.finops.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The resource an object was created from, stored with the object as {@code "Kind namespace/name"} (e.g.
 * {@code "Budget team-a/search-monthly"}) so the REST API can name it and a restart can tell whether it still exists.
 */
public record ResourceOwner(String kind, String namespace, String name) {

    public static ResourceOwner of(HasMetadata resource) {
        return new ResourceOwner(resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    }

    public static ResourceOwner parse(String stored) {
        int space = stored.indexOf(' ');
        int slash = stored.indexOf('/', space + 1);
        if (space < 1 || slash < 0) {
            throw new IllegalArgumentException("not a resource owner: " + stored);
        }
        return new ResourceOwner(stored.substring(0, space), stored.substring(space + 1, slash), stored.substring(slash + 1));
    }

    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}

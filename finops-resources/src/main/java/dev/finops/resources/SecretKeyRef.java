package dev.finops.resources;

/** A key of a Secret in the resource's own namespace. */
public record SecretKeyRef(String name, String key) {
}

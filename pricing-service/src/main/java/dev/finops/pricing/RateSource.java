package dev.finops.pricing;

/**
 * Where a rate version came from: the built-in catalog, the REST API, a price-map import, a Kubernetes resource,
 * or a scheduled refresh from a price map at a URL.
 */
public enum RateSource {
    catalog, api, import_, resource, refresh;

    /** The name stored and shown ("import" is a Java keyword). */
    public String wire() {
        return this == import_ ? "import" : name();
    }

    public static RateSource parse(String wire) {
        return "import".equals(wire) ? import_ : valueOf(wire);
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String json() {
        return wire();
    }
}

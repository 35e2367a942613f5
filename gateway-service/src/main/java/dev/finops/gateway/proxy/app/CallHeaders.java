package dev.finops.gateway.proxy.app;

import java.util.Map;

/** The request headers the gateway reads, by lower-case name (the proxy's API layer fills it). */
public record CallHeaders(Map<String, String> values) {

    public String get(String name) {
        return values.get(name);
    }
}

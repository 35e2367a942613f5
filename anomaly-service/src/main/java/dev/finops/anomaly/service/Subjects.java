package dev.finops.anomaly.service;

/** How findings name what they are about. */
final class Subjects {

    private Subjects() {
    }

    static String name(String scope, String scopeId) {
        return "org".equals(scope) ? "the organisation" : scope + " '" + scopeId + "'";
    }
}

package dev.finops.gateway.proxy.app;

/** A cached answer: its text, and where it came from ("exact" from this replica's memory, or cache-service's match). */
public record CachedText(String text, String match) {
}

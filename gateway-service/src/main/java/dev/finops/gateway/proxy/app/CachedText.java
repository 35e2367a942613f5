package dev.finops.gateway.proxy.app;

/**
 * A cached answer: its text, where it came from ("exact" from this replica's memory, or cache-service's match), and
 * the team whose entry it is when not the caller's (a namespace shared with the caller's team; else null).
 */
public record CachedText(String text, String match, String sharedFrom) {
}

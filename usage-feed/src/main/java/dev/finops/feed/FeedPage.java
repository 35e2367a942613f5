package dev.finops.feed;

import java.util.List;

/** A page of ingest's usage feed; pass nextCursor as {@code after} to read on. */
public record FeedPage(List<FeedEntry> events, String nextCursor, boolean hasMore) {
}

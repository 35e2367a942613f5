package dev.finops.ingest.service;

import java.util.Comparator;

/** The idempotency key of an event: its eventId is unique within its team. */
public record EventKey(String teamId, String eventId) implements Comparable<EventKey> {

    private static final Comparator<EventKey> ORDER =
            Comparator.comparing(EventKey::teamId).thenComparing(EventKey::eventId);

    @Override
    public int compareTo(EventKey other) {
        return ORDER.compare(this, other);
    }
}

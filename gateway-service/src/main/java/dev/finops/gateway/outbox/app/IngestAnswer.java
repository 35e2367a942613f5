package dev.finops.gateway.outbox.app;

import java.time.Duration;
import java.util.Map;

/** What ingest made of one POST of usage events, as the publisher needs to know it. */
public sealed interface IngestAnswer {

    /** Every event is stored at ingest (or was already: a replayed eventId). */
    record Accepted() implements IngestAnswer {
    }

    /**
     * Ingest refused events of the batch themselves; nothing of it was stored. {@code byIndex}: what is wrong with
     * each event it named (by position in the batch), empty when it named none (e.g. the whole body was too large).
     */
    record Rejected(Map<Integer, String> byIndex, String detail) implements IngestAnswer {
    }

    /**
     * Not taken for a reason retrying may fix. {@code reason}: unavailable (5xx, 429, 408), connection, timeout, or
     * refused (the request itself: this service's key or the URL); {@code retryAfter} as ingest asked, or null.
     */
    record Failed(String reason, String message, Duration retryAfter) implements IngestAnswer {
    }
}

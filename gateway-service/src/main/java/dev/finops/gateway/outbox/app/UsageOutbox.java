package dev.finops.gateway.outbox.app;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The durable outbox of usage events in the gateway schema: {@link #append} completes once the event is committed,
 * and a publisher delivers committed events to ingest in batches until ingest acknowledges them.
 */
@ApplicationScoped
public class UsageOutbox {

    /** Commits the event (group-committed with concurrent appends); completes when it is durable. */
    public Uni<Void> append(UsageRecord usage) {
        throw new UnsupportedOperationException("TODO outbox");
    }
}

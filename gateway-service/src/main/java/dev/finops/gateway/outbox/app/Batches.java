package dev.finops.gateway.outbox.app;

import dev.finops.gateway.outbox.store.OutboxRepository.Claimed;
import io.vertx.mutiny.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Claimed rows cut into POSTs ingest takes: JSON arrays of whole events, no more bytes than it accepts. */
final class Batches {

    private Batches() {
    }

    /** The rows in order, in batches of at most {@code maxBytes} (a single larger event goes alone). */
    static List<List<Claimed>> of(List<Claimed> rows, int maxBytes) {
        List<List<Claimed>> batches = new ArrayList<>();
        List<Claimed> current = new ArrayList<>();
        long bytes = 2;
        for (Claimed row : rows) {
            int size = row.event().getBytes(StandardCharsets.UTF_8).length + 1;
            if (!current.isEmpty() && bytes + size > maxBytes) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 2;
            }
            current.add(row);
            bytes += size;
        }
        batches.add(current);
        return batches;
    }

    /** The batch as ingest's body: the stored events, verbatim, in a JSON array. */
    static Buffer body(List<Claimed> batch) {
        Buffer body = Buffer.buffer("[");
        for (int i = 0; i < batch.size(); i++) {
            body.appendString(i == 0 ? "" : ",").appendString(batch.get(i).event());
        }
        return body.appendString("]");
    }
}

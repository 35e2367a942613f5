package dev.finops.ingest.service;

import java.math.BigDecimal;

/** The answer for one accepted event; a replay gets the first answer again with {@code duplicate: true}. */
public record IngestedEvent(String eventId, BigDecimal costUsd, Long rateVersion, boolean priced, boolean duplicate) {

    IngestedEvent asDuplicate() {
        return new IngestedEvent(eventId, costUsd, rateVersion, priced, true);
    }
}

package dev.finops.ingest.service;

import dev.finops.cost.CostBreakdown;
import java.math.BigDecimal;

/**
 * The answer for one accepted event; a replay gets the first answer again with {@code duplicate: true}.
 * {@code costBreakdown} itemises the cost and the tiers applied when the event was priced in this request (null for
 * an unpriced event and for a replay answered from storage).
 */
public record IngestedEvent(String eventId, BigDecimal costUsd, Long rateVersion, boolean priced, boolean duplicate,
                            CostBreakdown costBreakdown) {

    public IngestedEvent(String eventId, BigDecimal costUsd, Long rateVersion, boolean priced, boolean duplicate) {
        this(eventId, costUsd, rateVersion, priced, duplicate, null);
    }

    IngestedEvent asDuplicate() {
        return new IngestedEvent(eventId, costUsd, rateVersion, priced, true, costBreakdown);
    }
}

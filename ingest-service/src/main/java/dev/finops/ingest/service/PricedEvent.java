package dev.finops.ingest.service;

import dev.finops.ingest.UsageEvent;
import dev.finops.cost.CostBreakdown;
import java.math.BigDecimal;

/**
 * An event ready to store: its position in the request, its fingerprint (for idempotency) and
 * its valuation; {@code costUsd} is null when no rate was known (stored unpriced, never as $0).
 * {@code costBreakdown} itemises a priced event (tiers applied, each kind and charge), null otherwise.
 */
public record PricedEvent(UsageEvent event, int index, String fingerprint, BigDecimal costUsd, Long rateVersion,
                          String pricedModel, CostBreakdown costBreakdown) {

    public PricedEvent(UsageEvent event, int index, String fingerprint, BigDecimal costUsd, Long rateVersion,
                       String pricedModel) {
        this(event, index, fingerprint, costUsd, rateVersion, pricedModel, null);
    }

    public EventKey key() {
        return new EventKey(event.teamId(), event.eventId());
    }

    public boolean priced() {
        return costUsd != null;
    }
}

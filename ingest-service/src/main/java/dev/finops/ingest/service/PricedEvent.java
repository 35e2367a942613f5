package dev.finops.ingest.service;

import dev.finops.ingest.UsageEvent;
import dev.finops.cost.CostBreakdown;
import java.math.BigDecimal;

/**
 * An event ready to store: its position in the request, its fingerprint (for idempotency) and
 * its valuation; {@code costUsd} is null when no rate was known (stored unpriced, never as $0).
 * {@code provisional}: valued at a fallback rate ({@code pricedModel} names it) until the model gets a rate.
 * {@code costBreakdown} itemises a priced event (tiers applied, each kind and charge), null otherwise.
 */
public record PricedEvent(UsageEvent event, int index, String fingerprint, BigDecimal costUsd, Long rateVersion,
                          String pricedModel, boolean provisional, CostBreakdown costBreakdown) {

    public EventKey key() {
        return new EventKey(event.teamId(), event.eventId());
    }

    public boolean priced() {
        return costUsd != null;
    }
}

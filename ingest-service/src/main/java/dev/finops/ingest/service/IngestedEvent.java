package dev.finops.ingest.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.finops.cost.CostBreakdown;
import java.math.BigDecimal;

/**
 * The answer for one accepted event; a replay gets the first answer again with {@code duplicate: true}.
 * {@code provisional}: valued at a fallback rate of {@code pricedModel} until its model has a rate.
 * {@code quarantined}: above a ceiling ({@code reason} says which), stored aside and counted nowhere.
 * {@code costBreakdown} itemises the cost and the tiers applied when the event was priced in this request (null for
 * an unpriced event and for a replay answered from storage).
 */
public record IngestedEvent(String eventId, BigDecimal costUsd, Long rateVersion, boolean priced, boolean duplicate,
                            boolean provisional, @JsonInclude(JsonInclude.Include.NON_NULL) String pricedModel,
                            boolean quarantined, @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                            CostBreakdown costBreakdown) {

    IngestedEvent(String eventId, BigDecimal costUsd, Long rateVersion, boolean priced, boolean duplicate,
                  boolean provisional, String pricedModel, CostBreakdown costBreakdown) {
        this(eventId, costUsd, rateVersion, priced, duplicate, provisional, pricedModel, false, null, costBreakdown);
    }

    static IngestedEvent quarantined(String eventId, String reason) {
        return new IngestedEvent(eventId, null, null, false, false, false, null, true, reason, null);
    }

    IngestedEvent asDuplicate() {
        return new IngestedEvent(eventId, costUsd, rateVersion, priced, true, provisional, pricedModel, quarantined,
                reason, costBreakdown);
    }
}

package org.journeyledger.journey.context;

import org.journeyledger.journey.offer.OfferCheckReason;

import java.time.Instant;
import java.util.List;

/**
 * An offer check the ledger answered: whether an offer could go to the customer, and why not. A section of
 * {@link CustomerContext}.
 */
public record OfferCheckView(String checkId, boolean allowed, List<OfferCheckReason> reasons, String offerId,
                             List<String> skus, String channel, String purpose, Instant checkedAt) {
}

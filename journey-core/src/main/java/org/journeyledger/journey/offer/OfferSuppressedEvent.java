package org.journeyledger.journey.offer;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;

import java.time.Instant;
import java.util.List;

/**
 * The ledger told {@code channel} not to send the offer on {@code skus} for {@code purpose}, for the listed reasons.
 */
@Revision("1")
public record OfferSuppressedEvent(CustomerId customerId, String checkId, String offerId, List<String> skus,
                                   String channel, String purpose, List<OfferCheckReason> reasons,
                                   Instant checkedAt) {
}

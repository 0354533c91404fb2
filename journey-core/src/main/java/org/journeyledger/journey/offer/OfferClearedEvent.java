package org.journeyledger.journey.offer;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;

import java.time.Instant;
import java.util.List;

/**
 * The ledger told {@code channel} that the offer on {@code skus} may go to the customer for {@code purpose}.
 */
@Revision("1")
public record OfferClearedEvent(CustomerId customerId, String checkId, String offerId, List<String> skus,
                                String channel, String purpose, Instant checkedAt) {
}

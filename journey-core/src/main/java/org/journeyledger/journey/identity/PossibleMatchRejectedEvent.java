package org.journeyledger.journey.identity;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;

/**
 * An agent decided the two customers of a possible match are different people; the pair is not proposed again.
 * Recorded on both customers.
 */
@Revision("1")
public record PossibleMatchRejectedEvent(CustomerId customerId, CustomerId otherCustomerId, String matchId,
                                         String actor, String reason) {
}

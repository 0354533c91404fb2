package org.journeyledger.journey.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.journeyledger.journey.customer.CustomerId;

/** Record on this customer that a possible match was rejected (see {@link PossibleMatchRejectedEvent}). */
public record RejectMatchCommand(@TargetAggregateIdentifier CustomerId customerId, CustomerId otherCustomerId,
                                 String matchId, String actor, String reason) {
}

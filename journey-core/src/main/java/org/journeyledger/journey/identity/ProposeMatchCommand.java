package org.journeyledger.journey.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.journeyledger.journey.customer.CustomerId;

/** Record on this customer that it may be the same person as another (see {@link PossibleMatchProposedEvent}). */
public record ProposeMatchCommand(@TargetAggregateIdentifier CustomerId customerId, CustomerId otherCustomerId,
                                  String matchId, Identifier sharedIdentifier, String touchpointEventId) {
}

package org.journeyledger.journey.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.journeyledger.journey.customer.CustomerId;

/** Close this customer's journey into the survivor's: the first half of a merge, sent to the absorbed customer. */
public record MergeCustomerIntoCommand(@TargetAggregateIdentifier CustomerId customerId, CustomerId survivorId,
                                       String mergeId) {
}

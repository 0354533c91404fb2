package org.journeyledger.journey.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.journeyledger.journey.customer.CustomerId;

/** Make an absorbed customer a customer of its own again: the second half of undoing a merge. */
public record RestoreCustomerCommand(@TargetAggregateIdentifier CustomerId customerId, CustomerId formerSurvivorId,
                                     String mergeId, String reason, String actor, MergeSplit split) {
}

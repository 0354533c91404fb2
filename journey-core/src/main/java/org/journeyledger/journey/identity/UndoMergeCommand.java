package org.journeyledger.journey.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.journeyledger.journey.customer.CustomerId;

/**
 * Undo one of this customer's merges. What goes back ({@link MergeSplit}) is worked out from the history by the
 * caller, in the same transaction, and recorded in the events.
 */
public record UndoMergeCommand(@TargetAggregateIdentifier CustomerId customerId, String mergeId, String reason,
                               String actor, MergeSplit split) {
}

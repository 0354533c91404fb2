package org.journeyledger.journey.erasure;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.journeyledger.journey.customer.CustomerId;

import java.time.Instant;

/**
 * Erase the customer: record a {@link CustomerErasedEvent} under the event id {@code erasureId} and refuse every
 * later command. The handler answers with the id of the erasure event, which is an earlier one when the customer
 * was already erased. Destroying the customer's data key is the caller's part, in the same transaction.
 */
public record EraseCustomerCommand(@TargetAggregateIdentifier CustomerId customerId, String erasureId, String reason,
                                   Instant erasedAt) {
}

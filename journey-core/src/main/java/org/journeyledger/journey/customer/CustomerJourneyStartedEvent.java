package org.journeyledger.journey.customer;

import org.axonframework.serialization.Revision;

/**
 * The ledger met a customer for the first time: no identifier of the touchpoint that follows this event
 * belonged to anyone yet. Always the first event of a customer's stream.
 */
@Revision("1")
public record CustomerJourneyStartedEvent(CustomerId customerId) {
}

package org.journeyledger.journey.touchpoint;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.journeyledger.journey.customer.CustomerId;

/**
 * Record a touchpoint on a customer's journey, starting the journey when the customer is new.
 *
 * @param customerId the customer the touchpoint's identifiers resolved to (a fresh id when none was known)
 * @param eventId    the ledger event id chosen for the resulting {@link TouchpointRecordedEvent}, so that the caller
 *                   can answer with it before the event is read back
 * @param touchpoint the validated touchpoint
 */
public record RecordTouchpointCommand(@TargetAggregateIdentifier CustomerId customerId, String eventId,
                                      Touchpoint touchpoint) {
}

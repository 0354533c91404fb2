package org.journeyledger.journey.identity;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;

import java.util.List;

/**
 * A merge this customer made was undone: the restored customer's history, its identifiers, and the events recorded
 * here since the merge that belong to it ({@code reassignedEventIds}, chosen by the identifiers their touchpoints
 * carried) are no longer part of this customer's history.
 */
@Revision("1")
public record CustomersUnmergedEvent(CustomerId customerId, CustomerId restoredCustomerId, String mergeId,
                                     String reason, String actor, List<Identifier> returnedIdentifiers,
                                     List<String> reassignedEventIds) {
}

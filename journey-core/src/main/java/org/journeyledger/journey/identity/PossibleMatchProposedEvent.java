package org.journeyledger.journey.identity;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;

/**
 * A touchpoint of this customer carried a weak identifier (a device, a household landline) that another customer
 * owns. Weak identifiers never merge by themselves: an agent confirms the match (a merge) or rejects it.
 * Recorded on both customers with the same {@code matchId}.
 *
 * @param touchpointEventId the ledger event id of the touchpoint that carried it
 */
@Revision("1")
public record PossibleMatchProposedEvent(CustomerId customerId, CustomerId otherCustomerId, String matchId,
                                         Identifier sharedIdentifier, String touchpointEventId) {
}

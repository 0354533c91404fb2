package org.journeyledger.journey.identity;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;

/**
 * An identifier now belongs to this customer, learned from the touchpoint {@code source}/{@code sourceEventId} that
 * carried it next to an identifier the customer already had (or as one of a new customer's first identifiers).
 */
@Revision("1")
public record IdentifierLinkedEvent(CustomerId customerId, Identifier identifier, String source, String sourceEventId) {
}

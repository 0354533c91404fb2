package org.journeyledger.journey.deal;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

import java.time.Instant;

/**
 * Special terms were agreed with the customer, valid from {@code validFrom} until {@code validUntil}.
 */
@Revision("1")
public record DealAgreedEvent(CustomerId customerId, String dealId, String terms, Instant validFrom,
                              Instant validUntil, String agreedBy, Origin origin) implements CausedByTouchpoint {
}

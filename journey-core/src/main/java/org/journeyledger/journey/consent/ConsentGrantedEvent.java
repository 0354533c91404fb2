package org.journeyledger.journey.consent;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

/**
 * The customer consented to {@code purpose}.
 */
@Revision("1")
public record ConsentGrantedEvent(CustomerId customerId, String purpose, Origin origin) implements CausedByTouchpoint {
}

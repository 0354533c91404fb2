package org.journeyledger.journey.fact;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

/**
 * The customer told us something (an order number, an address, the problem in their words). A later fact with the
 * same key supersedes this one for display; both stay in history.
 */
@Revision("1")
public record FactToldEvent(CustomerId customerId, String key, String value, Origin origin) implements CausedByTouchpoint {
}

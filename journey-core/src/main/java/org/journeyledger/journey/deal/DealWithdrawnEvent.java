package org.journeyledger.journey.deal;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

/**
 * A deal was withdrawn before the end of its validity, for {@code reason}.
 */
@Revision("1")
public record DealWithdrawnEvent(CustomerId customerId, String dealId, String reason, Origin origin) implements CausedByTouchpoint {
}

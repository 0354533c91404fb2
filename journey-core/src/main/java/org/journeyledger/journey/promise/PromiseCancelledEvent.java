package org.journeyledger.journey.promise;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

/**
 * An open promise no longer holds, for the stated reason; it will not break.
 */
@Revision("1")
public record PromiseCancelledEvent(CustomerId customerId, String promiseId, String reason, Origin origin) implements CausedByTouchpoint {
}

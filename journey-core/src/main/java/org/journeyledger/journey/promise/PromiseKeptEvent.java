package org.journeyledger.journey.promise;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

/**
 * We did what we promised; {@code late} when the promise had already broken at its due time.
 */
@Revision("1")
public record PromiseKeptEvent(CustomerId customerId, String promiseId, boolean late, Origin origin) implements CausedByTouchpoint {
}
